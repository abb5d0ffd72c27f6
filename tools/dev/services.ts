import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Infra, infraEnv } from '../infra/infra';
import { pollUntil } from '@ftgo/platform';
import { stopPid } from '../infra/process';
import { infraSettings } from '../infra/settings';
import { type RegisteredService, SERVICE_REGISTRY, serviceEntry, type ServiceName, SERVICES } from '../registry/service-registry';

/**
 * Every process of the system: per service of the registry (tools/registry/service-registry.ts) its
 * API and its outbox relay. Ports derive from two bases and the service's slot, so that the e2e
 * tests can run the whole set beside a developer's `npm start`.
 */
export interface ProcessSpec {
  service: ServiceName;
  role: 'api' | 'relay';
  /** Built entry under dist/apps/<service>-service/src/. */
  entry: string;
  env(ports: PortPlan): Record<string, string>;
}

export interface PortPlan {
  httpBase: number;
  grpcBase: number;
}

export const NATIVE_PORTS: PortPlan = { httpBase: 3000, grpcBase: 50050 };

const slotOf = (service: ServiceName) => serviceEntry(service).slot;
export const httpPort = (service: ServiceName, ports: PortPlan) => ports.httpBase + slotOf(service);
export const relayPort = (service: ServiceName, ports: PortPlan) => ports.httpBase + 10 + slotOf(service);
const grpcPort = (service: ServiceName, ports: PortPlan) => ports.grpcBase + slotOf(service);

/** An API: its HTTP port, its gRPC port if it serves one, the address of each gRPC API it calls. */
const api = ({ name, grpc, calls }: RegisteredService): ProcessSpec => ({
  service: name,
  role: 'api',
  entry: 'main.js',
  env: (ports) => ({
    HTTP_PORT: String(httpPort(name, ports)),
    ...(grpc ? { GRPC_PORT: String(grpcPort(name, ports)) } : {}),
    ...Object.fromEntries((calls as readonly ServiceName[]).map((callee) => [`${callee.toUpperCase()}_GRPC_ADDRESS`, `dns:///127.0.0.1:${grpcPort(callee, ports)}`])),
  }),
});

const relay = ({ name }: RegisteredService): ProcessSpec => ({
  service: name,
  role: 'relay',
  entry: 'relay.js',
  env: (ports) => ({
    OUTBOX_RELAY_HTTP_PORT: String(relayPort(name, ports)),
    KAFKA_CLIENT_ID: `${name}-outbox-relay`,
    // Replication slots belong to the server, not to a database: one name per service.
    OUTBOX_SLOT_NAME: `${name}_outbox_slot`,
  }),
});

/** Per service of the registry its API and its relay. */
export const PROCESSES: ProcessSpec[] = [...SERVICE_REGISTRY.map(api), ...SERVICE_REGISTRY.map(relay)];

/** The variables naming the interfaces a process binds: loopback natively, 0.0.0.0 in a container or pod. */
export function hostVariablesOf(spec: ProcessSpec): string[] {
  if (spec.role === 'relay') return ['OUTBOX_RELAY_HTTP_HOST'];
  return serviceEntry(spec.service).grpc ? ['HTTP_HOST', 'GRPC_HOST'] : ['HTTP_HOST'];
}

export { SERVICES };

/** Every port the system's processes listen on under `ports`: per service HTTP, relay, gRPC. */
export function portsOf(ports: PortPlan): number[] {
  return SERVICES.flatMap((service) => [httpPort(service, ports), relayPort(service, ports), grpcPort(service, ports)]);
}

function portsOfProcess(spec: ProcessSpec, ports: PortPlan): number[] {
  if (spec.role === 'relay') return [relayPort(spec.service, ports)];
  return serviceEntry(spec.service).grpc ? [httpPort(spec.service, ports), grpcPort(spec.service, ports)] : [httpPort(spec.service, ports)];
}

/**
 * Refuses to start where something already listens. A process that cannot bind exits, but only
 * after it has loaded its modules; until then the readiness probe of its port is answered by
 * whoever holds it — another checkout's test system, say — and the caller would test that one.
 */
async function assertFree(ports: number[]): Promise<void> {
  const busy = (await Promise.all(ports.map(async (port) => ((await isFree(port)) ? [] : [port])))).flat();
  if (busy.length > 0) {
    throw new Error(`port ${busy.join(', ')} already in use: another system listens there (npm start, or the tests of another checkout: set E2E_PORT_BASE)`);
  }
}

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * A plan whose every port is free right now, for a run beside anything else on the machine (a
 * benchmark next to `npm start` or the e2e tests). Below the ephemeral range, so an outgoing
 * connection cannot take one of them in the meantime.
 */
export async function freePortPlan(random: () => number = Math.random): Promise<PortPlan> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const httpBase = 20_000 + Math.floor(random() * 12_000);
    const ports = { httpBase, grpcBase: httpBase + 20 };
    const free = await Promise.all(portsOf(ports).map(isFree));
    if (free.every(Boolean)) return ports;
  }
  throw new Error('no free block of ports for the system between 20000 and 32000');
}

/** A Node process the launcher started: where it answers and how it ends. */
export interface ChildNodeProcess {
  name: string;
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/** One of the services' processes, with the spec that starts it again. */
export interface RunningProcess extends ChildNodeProcess {
  spec: ProcessSpec;
}

export interface StartOptions {
  ports?: PortPlan;
  /** Where each log line goes, already prefixed with the process name. */
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Extra environment for every process (e.g. shorter breaker timeouts in tests). */
  env?: Record<string, string>;
  /** Node options for every process (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
  nodeFlags?: string[];
  /** The checkout whose dist/ to run, by default this one: a benchmark compares another build. */
  root?: string;
}

/** Environment of one process: its service's own database, the shared brokers, its ports. */
export function processEnv(spec: ProcessSpec, infra: Infra, ports: PortPlan): Record<string, string> {
  const shared = infraEnv(infra);
  return {
    DATABASE_URL: shared[`${spec.service.toUpperCase()}_DATABASE_URL`],
    KAFKA_BROKERS: shared.KAFKA_BROKERS,
    ...spec.env(ports),
  };
}

/** Spawns the built processes (see tools/build) and resolves once each answers /health/ready. */
export async function startProcesses(infra: Infra, options: StartOptions = {}): Promise<RunningProcess[]> {
  const ports = options.ports ?? NATIVE_PORTS;
  await assertFree(PROCESSES.flatMap((spec) => portsOfProcess(spec, ports)));
  const started = PROCESSES.map((spec) => spawnProcess(spec, infra, ports, options));
  try {
    await Promise.all(started.map((running) => waitReady(running, options.readyTimeoutMs ?? 60_000)));
  } catch (error) {
    await stopProcesses(started);
    throw error;
  }
  return started;
}

/** `order-service`, `order-relay`, ...: the name in logs, in the control endpoint and on the flow page. */
export const processName = (spec: ProcessSpec) => (spec.role === 'api' ? `${spec.service}-service` : `${spec.service}-relay`);

function spawnProcess(spec: ProcessSpec, infra: Infra, ports: PortPlan, options: StartOptions): RunningProcess {
  const name = processName(spec);
  const port = spec.role === 'api' ? httpPort(spec.service, ports) : relayPort(spec.service, ports);
  const child = spawnNode({
    name,
    main: join('dist', 'apps', `${spec.service}-service`, 'src', spec.entry),
    port,
    env: { NODE_OPTIONS: nativeNodeOptions(), ...processEnv(spec, infra, ports), ...options.env },
    log: options.log,
    nodeFlags: options.nodeFlags,
    root: options.root,
  });
  return { ...child, spec };
}

/**
 * Small semi-spaces: V8 grows the young generation to 16 MB semi-spaces while a service starts and
 * keeps them, about 30 MB of an idle API's resident set; 2 MB (as compose's NODE_OPTIONS) cost
 * more frequent scavenges, within the noise of CPU per order (docs/benchmarks.md, bench:flow).
 */
export const NATIVE_HEAP_FLAGS = '--max-semi-space-size=2';

/** The caller's NODE_OPTIONS, if any, plus the heap flags. */
const nativeNodeOptions = () => [process.env.NODE_OPTIONS, NATIVE_HEAP_FLAGS].filter(Boolean).join(' ');

export interface NodeLaunch {
  name: string;
  /** Built entry, relative to the repository root. */
  main: string;
  port: number;
  env: Record<string, string>;
  log?: (line: string) => void;
  nodeFlags?: string[];
  /** Where `main` is relative to; the repository root by default. */
  root?: string;
}

/** Spawns one built entry with its environment; its output goes to `log`, one prefixed line at a time. */
export function spawnNode(launch: NodeLaunch): ChildNodeProcess {
  // SERVICE_NODE: the e2e tests run the processes on the Node the images ship (tools/node/service-node.ts).
  const args = [...(launch.nodeFlags ?? []), join(launch.root ?? infraSettings().repoRoot, launch.main)];
  const child = spawn(process.env.SERVICE_NODE || process.execPath, args, {
    env: { ...process.env, ...launch.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${launch.name}]`.padEnd(19);
  const log = launch.log ?? console.log;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => log(`${prefix}${line}`));
  }
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { name: launch.name, url: `http://127.0.0.1:${launch.port}`, process: child, exited };
}

/** Resolves once the process answers /health/ready; fails the moment it exits instead. */
export async function waitReady(running: ChildNodeProcess, timeoutMs: number): Promise<void> {
  const exited = new AbortController();
  void running.exited.then((code) => exited.abort(new Error(`${running.name} exited with code ${code} before it was ready`)));
  const ready = async () => (await fetch(`${running.url}/health/ready`, { signal: exited.signal })).status === 200;
  await pollUntil(`${running.name} at ${running.url}/health/ready`, ready, { timeoutMs, intervalMs: 250, signal: exited.signal });
}

/** A spawned process once it is ready; stopped again if it never gets there. */
export async function whenReady<T extends ChildNodeProcess>(running: T, options: StartOptions = {}): Promise<T> {
  try {
    await waitReady(running, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stopProcesses([running]);
    throw error;
  }
  return running;
}

/** One process again, e.g. after a test stopped it to play an outage. */
export async function startProcess(spec: ProcessSpec, infra: Infra, options: StartOptions = {}): Promise<RunningProcess> {
  const ports = options.ports ?? NATIVE_PORTS;
  await assertFree(portsOfProcess(spec, ports));
  return whenReady(spawnProcess(spec, infra, ports, options), options);
}

/** SIGTERM to each recorded pid (they drain and exit), SIGKILL only past the grace period. */
export async function stopProcesses(processes: ChildNodeProcess[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    processes.map(async (running) => {
      if (running.process.pid !== undefined && running.process.exitCode === null) {
        await stopPid(running.process.pid, graceMs);
      }
      await running.exited;
    }),
  );
}
