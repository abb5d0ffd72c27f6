/**
 * The whole flow under open-loop load: the six processes (three APIs, three relays) started by
 * the launcher as the e2e tests start them, on free ports, in both relay modes. `POST /orders`
 * goes out at a fixed arrival rate whatever the responses do; an outside consumer of
 * `order.events` times each order from its POST to its `OrderApproved`. Per rate: POST p50/p99,
 * POST → APPROVED p50/p99/max, failed POSTs by kind, orders not approved within the drain window,
 * CPU seconds and peak RSS per process (from /proc by pid; PostgreSQL's and the broker's CPU too),
 * CPU ms per order, all processes and the app side alone. Before the load, the idle RSS of the
 * app side. Rounds alternate the order of the variants (each mode, and each mode of a baseline
 * build or baseline Node options if given); every variant starts a fresh system; medians of the rounds and the knee
 * (the highest rate whose p99 POST → APPROVED stayed under 1 s with every order approved and no
 * failed POST).
 *
 *   npm run bench:flow      (BENCH_RATES=25,50,100,150,200 BENCH_DURATION_S=20 BENCH_ROUNDS=3)
 *
 * Numbers and how to read them: docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { pollUntil } from '@ftgo/platform';
import { build, ensureInfra, freePortPlan, infraSettings, onInterrupt, type RunningProcess, SERVICES, startProcesses, type StartOptions, stopProcesses, stopStartedInfra } from '@ftgo/tools';
import { startLatencyConsumer } from './outbox/topic-reader';
import { profileClockUs, readProfileOf, summariseProfile } from './support/cpu-profile';
import { openLoop } from './support/open-loop';
import { cpuSeconds, kafkaBrokerPid, memoryMb, ownCpuSeconds, postgresCpuSeconds } from './support/process-stats';
import { median, percentile } from './support/statistics';
import { loadAverage, machineTicks, settle } from './support/system-metrics';

const MAX_RATES = 10;
const MAX_RATE = 1_000;
const RATES = boundedRates(process.env.BENCH_RATES ?? '25,50,100,150,200');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODES = (process.env.BENCH_MODES ?? 'polling,log-tailing').split(',');
/** Another checkout with a built dist/: its processes run as the "(baseline)" variants. */
const BASELINE_ROOT = process.env.BENCH_BASELINE_ROOT ? resolve(process.env.BENCH_BASELINE_ROOT) : undefined;
/** Node options for the baseline's processes only, e.g. `--enable-source-maps` to compare with a launcher that used it. */
const BASELINE_NODE_FLAGS = process.env.BENCH_BASELINE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
/** NODE_OPTIONS for the baseline's processes instead of the launcher's heap flags (`BENCH_BASELINE_NODE_OPTIONS=` for none). */
const BASELINE_NODE_OPTIONS = process.env.BENCH_BASELINE_NODE_OPTIONS;
const baselineEnv = (): Record<string, string> => (BASELINE_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: BASELINE_NODE_OPTIONS });
/** A folder: every process runs with --cpu-prof, and the load of PROFILE_RATE is summarised per process. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const PROFILE_RATE = Number(process.env.BENCH_PROFILE_RATE ?? 100);
const IDLE_S = 10;
const WARM_UP_S = 5;
const WARM_UP_RATE = 10;
/** How long after the last POST an order may take to be approved before it counts as unsettled. */
const DRAIN_S = Number(process.env.BENCH_DRAIN_S ?? 30);
const REQUEST_TIMEOUT_MS = 10_000;
const KNEE_P99_MS = 1_000;

const AJANTA = '11111111-1111-4111-8111-111111111111'; // seeded by kitchen-service's migration
const orderBody = () => JSON.stringify({ consumerId: randomUUID(), restaurantId: AJANTA, lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }] });

function boundedRates(list: string): number[] {
  const rates = list.split(',').map(Number);
  if (rates.length > MAX_RATES || rates.some((rate) => !Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE)) {
    throw new Error(`BENCH_RATES: at most ${MAX_RATES} rates, each in (0, ${MAX_RATE}] orders/s; got "${list}"`);
  }
  return [...rates].sort((a, b) => a - b);
}

interface Variant {
  name: string;
  mode: string;
  root?: string;
  nodeFlags?: string[];
  env?: Record<string, string>;
}

interface RateResult {
  rate: number;
  sent: number;
  created: number;
  postP50: number;
  postP99: number;
  approvedP50: number;
  approvedP99: number;
  approvedMax: number;
  errors: Record<string, number>;
  unsettled: number;
  /** CPU seconds over the window (first POST until the last order was approved or the drain ended). */
  cpu: Record<string, number>;
  peakRssMb: Record<string, number>;
  cpuMsPerOrder: { all: number; app: number };
  machineBusy: number;
  loadAverage: number;
}

interface Sent {
  at: number;
  orderId?: string;
  answeredAt?: number;
  error?: string;
}

/** What a failed POST was: its status and the dependency/reason a 503 names, or the socket error. */
async function failureKind(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { dependency?: string; reason?: string };
  return [String(response.status), body.dependency, body.reason].filter(Boolean).join(' ');
}

async function post(url: string, record: Sent): Promise<void> {
  try {
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: orderBody(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 201) record.orderId = ((await response.json()) as { id: string }).id;
    else record.error = await failureKind(response);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    record.error = (error as Error).name === 'TimeoutError' ? 'timeout' : (cause?.code ?? (error as Error).name);
  }
  record.answeredAt = performance.now();
}

/** Open loop: the n-th POST leaves at n / rate seconds, whether or not the earlier ones were answered. */
async function sendOrders(url: string, rate: number, seconds: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  await openLoop(rate, Math.round(rate * seconds), () => {
    const record: Sent = { at: performance.now() };
    sent.push(record);
    return post(url, record);
  });
  return sent;
}

/** The processes whose CPU counts: the six of the system, PostgreSQL, the broker. */
function cpuReaders(processes: RunningProcess[]): Record<string, () => number> {
  const settings = infraSettings();
  const readers: Record<string, () => number> = Object.fromEntries(processes.map((running) => [running.name, () => cpuSeconds(running.process.pid!)]));
  if (!settings.externalDatabaseUrl) readers.postgres = () => postgresCpuSeconds(join(settings.dir, 'postgres', 'data'));
  if (!settings.externalKafkaBrokers) {
    const brokerPid = kafkaBrokerPid(settings.dir);
    readers.kafka = () => cpuSeconds(brokerPid);
  }
  readers['load generator'] = ownCpuSeconds;
  return readers;
}

const readAll = (readers: Record<string, () => number>) => Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read()]));
const isApp = (name: string) => name.endsWith('-service') || name.endsWith('-relay');

async function measureRate(processes: RunningProcess[], arrivals: Map<string, number>, rate: number): Promise<RateResult> {
  const orderUrl = processes.find((running) => running.name === 'order-service')!.url;
  const readers = cpuReaders(processes);
  const cpuBefore = readAll(readers);
  const machineBefore = machineTicks();
  const sent = await sendOrders(orderUrl, rate, DURATION_S);
  const created = sent.filter((record) => record.orderId);
  const approvedAll = () => created.every((record) => arrivals.has(record.orderId!));
  await pollUntil('every order approved', approvedAll, { timeoutMs: DRAIN_S * 1000, intervalMs: 100 }).catch(() => undefined);
  const cpuAfter = readAll(readers);
  const machineAfter = machineTicks();
  const cpu = Object.fromEntries(Object.keys(readers).map((name) => [name, cpuAfter[name]! - cpuBefore[name]!]));
  const system = Object.entries(cpu).filter(([name]) => name !== 'load generator');
  const allCpu = system.reduce((sum, [, seconds]) => sum + seconds, 0);
  const appCpu = system.filter(([name]) => isApp(name)).reduce((sum, [, seconds]) => sum + seconds, 0);
  const approved = created.filter((record) => arrivals.has(record.orderId!)).map((record) => arrivals.get(record.orderId!)! - record.at);
  const errors: Record<string, number> = {};
  for (const record of sent) if (record.error) errors[record.error] = (errors[record.error] ?? 0) + 1;
  const posts = sent.map((record) => record.answeredAt! - record.at);
  const perOrder = (seconds: number) => (1000 * seconds) / Math.max(1, created.length);
  return {
    rate,
    sent: sent.length,
    created: created.length,
    postP50: percentile(posts, 0.5),
    postP99: percentile(posts, 0.99),
    approvedP50: percentile(approved, 0.5),
    approvedP99: percentile(approved, 0.99),
    approvedMax: Math.max(...approved),
    errors,
    unsettled: created.length - approved.length,
    cpu,
    peakRssMb: Object.fromEntries(processes.map((running) => [running.name, memoryMb(running.process.pid!).peak])),
    cpuMsPerOrder: { all: perOrder(allCpu), app: perOrder(appCpu) },
    machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    loadAverage: loadAverage(),
  };
}

const isGood = (result: RateResult) => result.approvedP99 < KNEE_P99_MS && result.unsettled === 0 && Object.keys(result.errors).length === 0;
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '—');

function describeRate(label: string, result: RateResult): void {
  const errors = Object.entries(result.errors).map(([kind, count]) => `${count}× ${kind}`).join(', ') || 'none';
  const perProcess = Object.entries(result.cpu).map(([name, seconds]) => `${name.replace(/-service$/, '')} ${seconds.toFixed(1)}`).join(', ');
  const rss = Object.entries(result.peakRssMb).map(([name, mb]) => `${name.replace(/-service$/, '')} ${mb.toFixed(0)}`).join(', ');
  console.log(
    `  ${label} ${result.rate}/s: ${result.created}/${result.sent} created; POST p50 ${ms(result.postP50)} p99 ${ms(result.postP99)} ms; ` +
      `→ APPROVED p50 ${ms(result.approvedP50)} p99 ${ms(result.approvedP99)} max ${ms(result.approvedMax)} ms; failed POSTs: ${errors}; unsettled ${result.unsettled}`,
  );
  console.log(
    `      CPU ms/order ${result.cpuMsPerOrder.all.toFixed(1)} (app ${result.cpuMsPerOrder.app.toFixed(1)}); CPU s: ${perProcess}; ` +
      `peak RSS MB: ${rss}; machine ${(100 * result.machineBusy).toFixed(0)} % busy, load ${result.loadAverage.toFixed(1)}`,
  );
}

interface VariantRound {
  idleRssMb: Record<string, number>;
  results: RateResult[];
  profiles?: Record<string, ReturnType<typeof summariseProfile>>;
}

async function runVariant(variant: Variant, round: number, infra: Awaited<ReturnType<typeof ensureInfra>>, log: (line: string) => void, kafka: Kafka): Promise<VariantRound> {
  const profileDir = PROFILE_DIR && join(PROFILE_DIR, `${variant.name.replace(/[^a-z-]/g, '')}-${round}`);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const options: StartOptions = {
    ports: await freePortPlan(),
    env: { HTTP_HOST: '127.0.0.1', GRPC_HOST: '127.0.0.1', OUTBOX_RELAY_HTTP_HOST: '127.0.0.1', OUTBOX_RELAY_MODE: variant.mode, ...variant.env },
    log,
    readyTimeoutMs: 120_000,
    root: variant.root,
    nodeFlags: [...(variant.nodeFlags ?? []), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
  };
  const processes = await startProcesses(infra, options);
  const forgetProcesses = onInterrupt(() => stopProcesses(processes));
  const urls = processes.map((running) => running.url);
  const consumer = await startLatencyConsumer(kafka, 'order.events', {
    fromBeginning: false,
    keyOf: (message) => (String(message.headers?.['event-type']) === 'OrderApproved' ? String(message.headers?.['aggregate-id']) : undefined),
  });
  const orderUrl = processes.find((running) => running.name === 'order-service')!.url;
  let window: { fromUs: number; toUs: number } | undefined;
  try {
    // One order approved end to end: the consumer is reading from where the load starts. The
    // first calls of a cold process may time out on a busy machine: asked again until one is created.
    const createOne = async () => {
      const record: Sent = { at: performance.now() };
      await post(orderUrl, record);
      if (!record.orderId) throw new Error(`POST /orders: ${record.error}`);
      return record;
    };
    const first = await pollUntil('a first order to be created', createOne, { timeoutMs: 60_000, intervalMs: 500 });
    await pollUntil('the first order to be approved', () => consumer.arrivals.has(first.orderId!), { timeoutMs: 60_000 });
    await settle(urls);
    await new Promise((done) => setTimeout(done, IDLE_S * 1000)); // the idle phase is a measured interval, not a wait for a condition
    const idleRssMb = Object.fromEntries(processes.map((running) => [running.name, memoryMb(running.process.pid!).rss]));
    const appIdle = Object.values(idleRssMb).reduce((sum, mb) => sum + mb, 0);
    console.log(`  round ${round + 1}, ${variant.name}: idle RSS ${appIdle.toFixed(0)} MB (${Object.entries(idleRssMb).map(([name, mb]) => `${name} ${mb.toFixed(0)}`).join(', ')})`);
    await sendOrders(orderUrl, WARM_UP_RATE, WARM_UP_S); // JIT, pools, channels
    await settle(urls);
    const results: RateResult[] = [];
    for (const rate of RATES) {
      const fromUs = profileClockUs();
      const result = await measureRate(processes, consumer.arrivals, rate);
      if (rate === PROFILE_RATE) window = { fromUs, toUs: profileClockUs() };
      results.push(result);
      describeRate(`round ${round + 1}, ${variant.name},`, result);
      const settled = await settle(urls, DRAIN_S * 1000);
      if (!isGood(result) && (result.unsettled > 0 || Object.keys(result.errors).length > 0 || !settled)) {
        console.log(`      (past the knee: failed POSTs or unsettled orders; the higher rates of this round are skipped)`);
        break;
      }
    }
    return { idleRssMb, results };
  } finally {
    await consumer.stop();
    await stopProcesses(processes);
    forgetProcesses();
    if (profileDir && window) {
      const profiles = Object.fromEntries(
        processes.flatMap((running) => {
          const profile = readProfileOf(profileDir, running.process.pid!);
          return profile ? [[running.name, summariseProfile(profile, window!)]] : [];
        }),
      );
      printProfiles(variant, round, profiles);
    }
  }
}

function printProfiles(variant: Variant, round: number, profiles: Record<string, ReturnType<typeof summariseProfile>>): void {
  console.log(`  CPU profile, round ${round + 1}, ${variant.name}, at ${PROFILE_RATE}/s (self time):`);
  for (const [name, summary] of Object.entries(profiles)) {
    console.log(`    ${name}: ${(summary.sampledMs / 1000).toFixed(1)} s sampled`);
    console.log(`      by module: ${summary.modules.map((entry) => `${entry.name} ${(100 * entry.share).toFixed(0)} %`).join(', ')}`);
    for (const entry of summary.functions) console.log(`      ${(100 * entry.share).toFixed(1).padStart(5)} %  ${entry.name}`);
  }
}

function report(variants: Variant[], byVariant: Map<string, VariantRound[]>): void {
  console.log(`\nmedians of ${ROUNDS} round(s), ${DURATION_S} s per rate:`);
  console.log('| variant | rate/s | POST p50 / p99 ms | → APPROVED p50 / p99 / max ms | failed POSTs | unsettled | CPU ms/order all (app) | machine busy |');
  console.log('|---|---:|---|---|---:|---:|---|---:|');
  for (const variant of variants) {
    const rounds = byVariant.get(variant.name)!;
    for (const rate of RATES) {
      const results = rounds.flatMap((round) => round.results.filter((result) => result.rate === rate));
      if (results.length === 0) continue;
      const m = (read: (result: RateResult) => number) => median(results.map(read));
      const failed = (result: RateResult) => Object.values(result.errors).reduce((sum, count) => sum + count, 0);
      console.log(
        `| ${variant.name} | ${rate} | ${ms(m((r) => r.postP50))} / ${ms(m((r) => r.postP99))} | ${ms(m((r) => r.approvedP50))} / ${ms(m((r) => r.approvedP99))} / ${ms(m((r) => r.approvedMax))} ` +
          `| ${m(failed)} | ${m((r) => r.unsettled)} | ${m((r) => r.cpuMsPerOrder.all).toFixed(1)} (${m((r) => r.cpuMsPerOrder.app).toFixed(1)}) | ${(100 * m((r) => r.machineBusy)).toFixed(0)} % |` +
          (results.length < rounds.length ? ` (${results.length} of ${rounds.length} rounds reached it)` : ''),
      );
    }
  }
  for (const variant of variants) {
    const rounds = byVariant.get(variant.name)!;
    const knees = rounds.map((round) => Math.max(0, ...round.results.filter(isGood).map((result) => result.rate)));
    const idle = rounds.map((round) => Object.values(round.idleRssMb).reduce((sum, mb) => sum + mb, 0));
    const names = Object.keys(rounds[0]!.idleRssMb);
    const perProcess = names.map((name) => `${name} ${median(rounds.map((round) => round.idleRssMb[name]!)).toFixed(0)}`).join(', ');
    const cpuAt = (rate: number) => rounds.flatMap((round) => round.results.filter((result) => result.rate === rate));
    const peaks = names.map((name) => `${name} ${median(rounds.map((round) => Math.max(...round.results.map((result) => result.peakRssMb[name]!)))).toFixed(0)}`).join(', ');
    console.log(`${variant.name}: knee ${median(knees)} orders/s (rounds: ${knees.join(', ')}); app-side idle RSS ${median(idle).toFixed(0)} MB (${perProcess}); peak RSS MB: ${peaks}`);
    const atTop = cpuAt(Math.max(...rounds.flatMap((round) => round.results.map((result) => result.rate))));
    if (atTop.length) {
      const cpuNames = Object.keys(atTop[0]!.cpu);
      console.log(`  CPU s per process at ${atTop[0]!.rate}/s: ${cpuNames.map((name) => `${name} ${median(atTop.map((result) => result.cpu[name]!)).toFixed(1)}`).join(', ')}`);
    }
  }
}

async function main(): Promise<void> {
  const settings = infraSettings();
  const infra = await ensureInfra(settings);
  onInterrupt(() => stopStartedInfra(infra, settings));
  if (BASELINE_ROOT && !existsSync(join(BASELINE_ROOT, 'dist', 'apps'))) throw new Error(`BENCH_BASELINE_ROOT: no built dist/apps under ${BASELINE_ROOT}`);
  await build(SERVICES.map((service) => `apps/${service}-service`));
  const logFile = join(settings.dir, 'bench-order-flow.log');
  const logStream = createWriteStream(logFile);
  const log = (line: string) => logStream.write(`${line}\n`);
  const kafka = new Kafka({ clientId: 'bench-flow', brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING });
  const variants: Variant[] = MODES.flatMap((mode) => [
    { name: mode, mode },
    ...(BASELINE_ROOT || BASELINE_NODE_OPTIONS !== undefined
      ? [{ name: `${mode} (baseline)`, mode, root: BASELINE_ROOT, nodeFlags: BASELINE_NODE_FLAGS, env: baselineEnv() }]
      : []),
  ]);
  const byVariant = new Map<string, VariantRound[]>(variants.map((variant) => [variant.name, []]));
  console.log(
    `open-loop POST /orders at ${RATES.join(', ')} orders/s, ${DURATION_S} s each, ${ROUNDS} round(s) alternating ${variants.map((v) => v.name).join(', ')}; process logs in ${logFile}`,
  );
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 ? [...variants].reverse() : variants) {
        byVariant.get(variant.name)!.push(await runVariant(variant, round, infra, log, kafka));
      }
    }
    report(variants, byVariant);
  } finally {
    logStream.end();
    await stopStartedInfra(infra, settings);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
