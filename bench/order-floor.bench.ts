/**
 * The floor under the flow's cost per order: what one statement and one committed write cost on
 * this machine, in PostgreSQL (all its processes) and in the Node client (node-postgres, as the
 * services use it), with CLIENTS sessions at once so that commits can share a WAL flush. Two
 * workloads, alternating per round, medians of the rounds:
 *
 * - `statement`: an indexed single-row SELECT, autocommit (no WAL);
 * - `write transaction`: BEGIN, an INSERT of a ~300-byte jsonb row, COMMIT (one WAL flush).
 *
 * Then the floor of an order as built — its transactions and statements counted by bench:flow's
 * profile (docs/benchmarks.md) — and the rate two cores would allow for PostgreSQL and its clients alone.
 *
 *   npm run bench:pg-floor     (BENCH_OPS=20000 BENCH_ROUNDS=3 BENCH_CLIENTS=8)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createScratchDatabase, ensureInfra, infraEnv, infraSettings, onInterrupt, stopStartedInfra } from '@ftgo/tools';
import { postgresCpuSeconds } from './support/process-stats';
import { median } from './support/statistics';

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
/** An order as built, across the three databases: transactions (each a commit) and statements. */
const ORDER = { transactions: 8.6, statements: 45 };
const PAYLOAD = JSON.stringify({ orderId: randomUUID(), lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }], note: 'x'.repeat(180) });

type Workload = 'statement' | 'write transaction';
interface Cost {
  perSecond: number;
  postgresMs: number;
  clientMs: number;
}

async function measure(pool: Pool, workload: Workload, postgresCpu: () => number): Promise<Cost> {
  let next = 0;
  const session = async () => {
    const client = await pool.connect();
    try {
      for (let op = next++; op < OPS; op = next++) {
        if (workload === 'statement') {
          await client.query({ name: 'read', text: 'SELECT id FROM floor_row WHERE id = $1', values: [op % 1_000] });
        } else {
          await client.query('BEGIN');
          await client.query({ name: 'write', text: 'INSERT INTO floor_row (payload) VALUES ($1)', values: [PAYLOAD] });
          await client.query('COMMIT');
        }
      }
    } finally {
      client.release();
    }
  };
  const postgresBefore = postgresCpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, session));
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    perSecond: OPS / seconds,
    postgresMs: ((postgresCpu() - postgresBefore) * 1000) / OPS,
    clientMs: (client.user + client.system) / 1000 / OPS,
  };
}

async function main(): Promise<void> {
  const settings = infraSettings();
  if (settings.externalDatabaseUrl) throw new Error('bench:pg-floor reads PostgreSQL’s CPU from /proc: it needs the launcher’s own server');
  const infra = await ensureInfra(settings);
  onInterrupt(() => stopStartedInfra(infra, settings));
  Object.assign(process.env, infraEnv(infra));
  const dataDir = join(settings.dir, 'postgres', 'data');
  const database = await createScratchDatabase('bench_pg_floor');
  const pool = new Pool({ connectionString: database.url, max: CLIENTS });
  try {
    await pool.query('CREATE TABLE floor_row (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL)');
    await pool.query(`INSERT INTO floor_row (payload) SELECT $1::jsonb FROM generate_series(1, 1000)`, [PAYLOAD]);
    const workloads: Workload[] = ['statement', 'write transaction'];
    const results = new Map<Workload, Cost[]>(workloads.map((workload) => [workload, []]));
    console.log(`${OPS} operations per workload and round, ${CLIENTS} sessions, ${ROUNDS} rounds alternating`);
    await measure(pool, 'write transaction', () => postgresCpuSeconds(dataDir)); // warm-up: plans, buffers, connections
    for (let round = 0; round < ROUNDS; round++) {
      for (const workload of round % 2 ? [...workloads].reverse() : workloads) {
        const cost = await measure(pool, workload, () => postgresCpuSeconds(dataDir));
        results.get(workload)!.push(cost);
        console.log(`  round ${round + 1}, ${workload.padEnd(17)} ${cost.perSecond.toFixed(0).padStart(6)}/s; CPU ms each: PostgreSQL ${cost.postgresMs.toFixed(3)}, client ${cost.clientMs.toFixed(3)}`);
      }
    }
    const medianOf = (workload: Workload, key: keyof Cost) => median(results.get(workload)!.map((cost) => cost[key]));
    console.log('medians:');
    for (const workload of workloads) {
      console.log(`  ${workload.padEnd(17)} ${medianOf(workload, 'perSecond').toFixed(0).padStart(6)}/s; CPU ms each: PostgreSQL ${medianOf(workload, 'postgresMs').toFixed(3)}, client ${medianOf(workload, 'clientMs').toFixed(3)}`);
    }
    // A write transaction is three statements (BEGIN, INSERT, COMMIT); the order's other statements are priced as reads.
    const reads = ORDER.statements - 3 * ORDER.transactions;
    const floor = (key: 'postgresMs' | 'clientMs') => ORDER.transactions * medianOf('write transaction', key) + reads * medianOf('statement', key);
    const perOrder = floor('postgresMs') + floor('clientMs');
    console.log(
      `an order's ${ORDER.transactions} transactions and ${ORDER.statements} statements: PostgreSQL ${floor('postgresMs').toFixed(1)} ms + clients ${floor('clientMs').toFixed(1)} ms of CPU;` +
        ` two cores doing nothing else: ${(2_000 / perOrder).toFixed(0)} orders/s`,
    );
  } finally {
    await pool.end();
    await database.drop();
    await stopStartedInfra(infra, settings);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
