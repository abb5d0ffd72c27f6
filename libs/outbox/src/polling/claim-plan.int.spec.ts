import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimStatement, NO_LIMIT } from '../schema/outbox-store';
import { relayConnection } from '../relay/relay-connection';
import { openOutboxDatabase } from '../testing/outbox-test-kit';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

let database: ScratchDatabase;
let dataSource: DataSource;

/** Rows as `outbox.add` writes them (~600 bytes each), straight into the table, never analysed. */
async function writeBacklog(rows: number): Promise<void> {
  await dataSource.query(
    `INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers)
     SELECT gen_random_uuid(), 'plan.test', 'Order', 'order-' || (g % 1000), 'OrderRevised',
            jsonb_build_object('n', g, 'pad', repeat('x', 280)), jsonb_build_object('event-type', 'OrderRevised', 'pad', repeat('y', 200))
     FROM generate_series(1, $1) g`,
    [rows],
  );
}

/** EXPLAIN (ANALYZE, BUFFERS) of one 500-row claim on a relay connection, rolled back so the backlog stays as it is. */
async function explainClaim(): Promise<PlanNode> {
  const statement = claimStatement(500, { safe: NO_LIMIT }, [], '1');
  const client = relayConnection(database.url);
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
    await client.query('ROLLBACK');
    return rows[0]['QUERY PLAN'][0].Plan as PlanNode;
  } finally {
    await client.end();
  }
}

const blocksOf = (plan: PlanNode) => plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];

beforeAll(async () => {
  database = await createScratchDatabase('outbox_claim_plan');
  dataSource = await openOutboxDatabase(database.url);
  // No statistics, ever: the plan must hold on a table nobody analysed (a fresh database, a burst).
  await dataSource.query(`ALTER TABLE outbox_message SET (autovacuum_enabled = false)`);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('polling claim plan', () => {
  it('reads one batch worth of the pending index and heap whatever the backlog: 1 000 or 100 000 rows, never analysed', async () => {
    await writeBacklog(1_000);
    const small = await explainClaim();
    await writeBacklog(99_000);
    const [{ analysed }] = await dataSource.query(
      `SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE relname = 'outbox_message'`,
    );
    expect(analysed).toBe(false);
    const large = await explainClaim();

    const scans = nodes(large).filter((node) => node['Relation Name'] === 'outbox_message');
    expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(nodes(large).map((node) => node['Node Type'])).not.toContain('Sort');
    expect(scans.map((node) => node['Index Name'])).toContain('outbox_message_pending_idx');
    // Choosing the rows reads the index and heap pages of one batch: a seq scan or a sort of the
    // backlog would read all of its ~10 000 pages. Marking them sent costs the same for any backlog.
    const choosing = nodes(large).find((node) => node['Node Type'] === 'Limit');
    expect(choosing && blocksOf(choosing)).toBeLessThan(1_500);
    expect(blocksOf(large)).toBeLessThan(1.5 * blocksOf(small) + 1_000);
  });
});
