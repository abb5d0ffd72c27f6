/**
 * What the guard costs on a healthy dependency, and how fast it fails when the dependency is not:
 * - latency (sequential calls) and throughput (32 in flight) of GetTicket through DependencyGuard
 *   vs the same generated client called bare (with the same deadline: what any correct client
 *   sends), on the same channel to the same server, alternating
 *   rounds in one run; the server runs in a child process so it does not share our event loop;
 * - fail-fast latency of a call while the breaker is open (never reaches the network).
 *
 *   npm run bench:resilience           (BENCH_CALLS=3000 BENCH_ROUNDS=5 by default)
 *
 * Needs no PostgreSQL or Kafka: only loopback gRPC. Numbers and the command: docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startFakeKitchen } from '../libs/resilience/src/testing/fake-kitchen-server';
import { unaryCall, DependencyGuard } from '@ftgo/resilience';
import { FAST_GUARD, kitchenClient } from '../libs/resilience/src/testing/guard-fixture';
import { median, percentile } from './support/statistics';

const CALLS = Number(process.env.BENCH_CALLS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = 32;
const OPEN_CALLS = 20_000;

type Mode = 'bare' | 'guarded';

/** The fake kitchen in its own process: prints its address, stops when stdin closes. */
async function serve(): Promise<void> {
  const kitchen = await startFakeKitchen();
  console.log(kitchen.address);
  process.stdin.on('end', () => kitchen.stop()).resume();
}

async function startServerProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [address] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((line) => [line.value as string]);
  return { address, stop: () => child.stdin!.end() };
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const client = kitchenClient(server.address);
  const guard = new DependencyGuard('bench-kitchen', { ...FAST_GUARD, timeoutMs: 1_000, capacity: 64, volumeThreshold: 20 });

  const call: Record<Mode, () => Promise<unknown>> = {
    bare: () =>
      new Promise((ok, fail) =>
        client.getTicket({ ticketId: 't-1' }, { deadline: Date.now() + 1_000 }, (error, ticket) => (error ? fail(error) : ok(ticket))),
      ),
    guarded: () => guard.call((context) => unaryCall(context, (options, done) => client.getTicket({ ticketId: 't-1' }, options, done))),
  };

  async function latencies(mode: Mode): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      await call[mode]();
      samples.push(performance.now() - started);
    }
    return samples;
  }

  async function throughput(mode: Mode): Promise<number> {
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next++ < CALLS) await call[mode]();
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return CALLS / ((performance.now() - started) / 1_000);
  }

  for (const mode of ['bare', 'guarded'] as const) await latencies(mode); // warm up JIT and channel
  const p50: Record<Mode, number[]> = { bare: [], guarded: [] };
  const p99: Record<Mode, number[]> = { bare: [], guarded: [] };
  const rate: Record<Mode, number[]> = { bare: [], guarded: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so warming caches or a noisy neighbour favour neither.
    const modes: Mode[] = round % 2 ? ['guarded', 'bare'] : ['bare', 'guarded'];
    for (const mode of modes) {
      const samples = await latencies(mode);
      p50[mode].push(median(samples));
      p99[mode].push(percentile(samples, 0.99));
      rate[mode].push(await throughput(mode));
    }
  }

  const row = (label: string, values: Record<Mode, number[]>, digits: number, better: 'lower' | 'higher') => {
    const [bare, guarded] = [median(values.bare), median(values.guarded)];
    const overhead = better === 'lower' ? guarded / bare - 1 : 1 - guarded / bare;
    console.log(
      `  ${label.padEnd(26)} bare ${bare.toFixed(digits).padStart(8)}  guarded ${guarded.toFixed(digits).padStart(8)}  overhead ${(overhead * 100).toFixed(1)} %`,
    );
  };
  console.log(`\nGetTicket on loopback, ${CALLS} calls x ${ROUNDS} rounds (medians of rounds):`);
  row('latency p50 (ms)', p50, 3, 'lower');
  row('latency p99 (ms)', p99, 3, 'lower');
  row(`throughput, ${CONCURRENCY} in flight (/s)`, rate, 0, 'higher');

  await measureOpenBreaker(DependencyGuard, unaryCall, kitchenClient);
  guard.shutdown();
  client.close();
  server.stop();
}

/** Opens a breaker on a port where nothing listens, then times calls that it rejects. */
async function measureOpenBreaker(
  Guard: typeof import('@ftgo/resilience').DependencyGuard,
  unaryCall: typeof import('@ftgo/resilience').unaryCall,
  kitchenClient: typeof import('../libs/resilience/src/testing/guard-fixture').kitchenClient,
): Promise<void> {
  const deadClient = kitchenClient('127.0.0.1:1');
  const guard = new Guard('bench-dead', { ...FAST_GUARD, volumeThreshold: 1, resetTimeoutMs: 600_000 });
  const attempt = () => guard.call((context) => unaryCall(context, (options, done) => deadClient.getTicket({}, options, done)));
  while (guard.state !== 'open') await attempt().catch(() => undefined);
  const samples: number[] = [];
  for (let i = 0; i < OPEN_CALLS; i++) {
    const started = performance.now();
    await attempt().catch(() => undefined);
    samples.push(performance.now() - started);
  }
  const us = (p: number) => (percentile(samples, p) * 1_000).toFixed(1);
  console.log(`\nBreaker open, ${OPEN_CALLS} calls: p50 ${us(0.5)} µs, p99 ${us(0.99)} µs, max ${us(1)} µs (target p99 <= 1000 µs)`);
  guard.shutdown();
  deadClient.close();
}

const run = process.argv[2] === 'serve' ? serve : main;
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
