/**
 * Closed-loop load on POST /orders against the real system (three APIs, three relays, PostgreSQL,
 * Kafka, started by the launcher on free ports): autocannon with 32 connections for a bounded time,
 * reporting status counts, latency, the order service's breaker states and call outcomes from its
 * /metrics, and CPU per process. Two bulkhead settings alternate round by round, each on a freshly
 * started order-service: the defaults (a call waits up to KITCHEN_GRPC_BULKHEAD_WAIT_MS for a
 * slot) and "no wait" (the excess is rejected at once). Then the kitchen is frozen (SIGSTOP: its
 * sockets stay open, nothing answers) to show that a hung dependency still sheds load and opens
 * the breaker, and thawed to show it closing again.
 *
 *   npm run bench:order-load     (BENCH_CONNECTIONS=32 BENCH_DURATION_S=15 BENCH_ROUNDS=3)
 *
 * Numbers and how to read them: docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  build,
  ensureInfra,
  freePortPlan,
  infraSettings,
  metricSum,
  onInterrupt,
  SERVICES,
  startProcess,
  startProcesses,
  type StartOptions,
  stopProcesses,
  stopStartedInfra,
} from '@ftgo/tools';
import { median } from './support/statistics';
import { cpuSeconds } from './support/process-stats';
import { machineTicks, scrape, settle } from './support/system-metrics';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_S = 3;
const FROZEN_S = 8;

const VARIANTS: Record<string, Record<string, string>> = {
  defaults: {},
  'no wait': { KITCHEN_GRPC_BULKHEAD_WAIT_MS: '0', ACCOUNTING_GRPC_BULKHEAD_WAIT_MS: '0' },
};

const AJANTA = '11111111-1111-4111-8111-111111111111'; // seeded by kitchen-service's migration

interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  p50: number;
  p99: number;
  perSecond: number;
  /** Kitchen breaker states seen while the load ran, polled every 250 ms. */
  statesSeen: Set<string>;
  outcomes: Record<string, number>;
}

const kitchenState = (metrics: string) =>
  ['closed', 'open', 'half-open'].find((state) => metricSum(metrics, 'circuit_breaker_state', { dependency: 'kitchen', state }) === 1) ?? '?';

const OUTCOMES = ['success', 'caller_error', 'failure', 'timeout', 'rejected_open', 'rejected_bulkhead'];
const kitchenOutcomes = (metrics: string) =>
  Object.fromEntries(
    OUTCOMES.map((outcome) => [outcome, metricSum(metrics, 'circuit_breaker_calls_total', { dependency: 'kitchen', outcome })]),
  );

async function load(orderUrl: string, seconds: number): Promise<LoadResult> {
  const statesSeen = new Set<string>();
  const poll = setInterval(() => void scrape(orderUrl).then((m) => statesSeen.add(kitchenState(m)), () => undefined), 250);
  const before = kitchenOutcomes(await scrape(orderUrl));
  const result = await autocannon({
    url: `${orderUrl}/orders`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ consumerId: randomUUID(), restaurantId: AJANTA, lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }] }),
        }),
      },
    ],
  });
  clearInterval(poll);
  const after = await scrape(orderUrl);
  statesSeen.add(kitchenState(after));
  const outcomes = kitchenOutcomes(after);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0]));
  return {
    requests: Object.values(statuses).reduce((sum, count) => sum + count, 0),
    statuses,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    perSecond: result.requests.average,
    statesSeen,
    outcomes: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, outcomes[outcome]! - before[outcome]!])),
  };
}

function describe(label: string, result: LoadResult, cpu: string): void {
  const created = result.statuses['201'] ?? 0;
  const share = result.requests ? ((100 * created) / result.requests).toFixed(2) : '0';
  const statuses = Object.entries(result.statuses).map(([code, count]) => `${code}: ${count}`).join(', ');
  const outcomes = Object.entries(result.outcomes).filter(([, count]) => count > 0).map(([outcome, count]) => `${outcome} ${count}`).join(', ');
  console.log(
    `  ${label.padEnd(22)} ${String(result.requests).padStart(6)} requests (${result.perSecond.toFixed(0)}/s), ${share} % 201 [${statuses}]` +
      `${result.errors ? `, ${result.errors} socket errors` : ''}; p50 ${result.p50} ms, p99 ${result.p99} ms`,
  );
  console.log(`  ${''.padEnd(22)} kitchen breaker: ${[...result.statesSeen].join(' → ')}; calls: ${outcomes}; ${cpu}`);
}

async function main(): Promise<void> {
  const settings = infraSettings();
  const infra = await ensureInfra(settings);
  onInterrupt(() => stopStartedInfra(infra, settings));
  await build(SERVICES.map((service) => `apps/${service}-service`));
  const ports = await freePortPlan();
  const logFile = join(settings.dir, 'bench-order-load.log');
  const log = createWriteStream(logFile);
  const options: StartOptions = { ports, env: { HTTP_HOST: '127.0.0.1', GRPC_HOST: '127.0.0.1', OUTBOX_RELAY_HTTP_HOST: '127.0.0.1' }, log: (line) => log.write(`${line}\n`) };
  console.log(`system on ports ${ports.httpBase}+ (http) and ${ports.grpcBase}+ (gRPC), process logs in ${logFile}`);
  let processes = await startProcesses(infra, options);
  onInterrupt(() => stopProcesses(processes));
  const named = (name: string) => processes.find((running) => running.name === name)!;
  const restartOrderService = async (env: Record<string, string>) => {
    const old = named('order-service');
    await stopProcesses([old]);
    const fresh = await startProcess(old.spec, infra, { ...options, env: { ...options.env, ...env } });
    processes = processes.map((running) => (running === old ? fresh : running));
    return fresh;
  };

  const measured = async (label: string, seconds: number) => {
    const pids = processes.map((running) => [running.name, running.process.pid!] as const);
    const cpuBefore = pids.map(([, pid]) => cpuSeconds(pid));
    const machineBefore = machineTicks();
    const result = await load(named('order-service').url, seconds);
    const machineAfter = machineTicks();
    const busy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const perProcess = pids.map(([name, pid], i) => `${name.replace('-service', '')} ${((cpuSeconds(pid) - cpuBefore[i]!) / seconds).toFixed(2)}`);
    describe(label, result, `CPU cores: ${perProcess.join(', ')}; machine ${(100 * busy).toFixed(0)} % busy`);
    return result;
  };

  try {
    console.log(`POST /orders, ${CONNECTIONS} connections, ${DURATION_S} s per round, ${ROUNDS} rounds alternating the bulkhead settings:`);
    const byVariant: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const names = Object.keys(VARIANTS);
      for (const name of round % 2 ? [...names].reverse() : names) {
        if (!(await settle(processes.map((running) => running.url)))) console.log('  (the system had not settled within 180 s: the round starts with a backlog)');
        const orderService = await restartOrderService(VARIANTS[name]!);
        await load(orderService.url, WARM_UP_S); // JIT, connection pools, gRPC channels
        await settle(processes.map((running) => running.url));
        byVariant[name]!.push(await measured(`round ${round + 1}, ${name}`, DURATION_S));
      }
    }
    console.log('medians of the rounds:');
    for (const [name, results] of Object.entries(byVariant)) {
      const share = (result: LoadResult) => (100 * (result.statuses['201'] ?? 0)) / Math.max(1, result.requests);
      const opened = results.filter((result) => result.statesSeen.has('open')).length;
      console.log(
        `  ${name.padEnd(10)} ${median(results.map(share)).toFixed(2)} % 201, ${median(results.map((r) => r.perSecond)).toFixed(0)} requests/s, ` +
          `p99 ${median(results.map((r) => r.p99))} ms; the breaker opened in ${opened} of ${results.length} rounds`,
      );
    }

    console.log(`kitchen frozen (SIGSTOP) for ${FROZEN_S} s, defaults:`);
    await settle(processes.map((running) => running.url));
    await restartOrderService(VARIANTS.defaults!);
    const kitchen = named('kitchen-service').process;
    kitchen.kill('SIGSTOP');
    try {
      await measured('kitchen frozen', FROZEN_S);
    } finally {
      kitchen.kill('SIGCONT');
    }
    await measured('kitchen thawed', DURATION_S);
  } finally {
    await stopProcesses(processes);
    log.end();
    await stopStartedInfra(infra, settings);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
