import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Infra, infraEnv } from '../infra/infra';
import { stopPid, waitUntil } from '../infra/process';
import { infraSettings, type ServiceName } from '../infra/settings';

export interface ServiceSpec {
  name: ServiceName;
  /** HTTP port when `portBase` is 3000; the e2e tests shift the base to stay clear of `npm start`. */
  httpOffset: number;
}

export const SERVICES: ServiceSpec[] = [
  { name: 'order', httpOffset: 1 },
  { name: 'kitchen', httpOffset: 2 },
  { name: 'accounting', httpOffset: 3 },
];

export interface RunningService {
  name: string;
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

export interface StartOptions {
  portBase?: number;
  /** Where each log line goes, already prefixed with the service name. */
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Environment of one service: its own database, the shared brokers, its port. */
export function serviceEnv(spec: ServiceSpec, infra: Infra, portBase: number): Record<string, string> {
  const shared = infraEnv(infra);
  return {
    HTTP_PORT: String(portBase + spec.httpOffset),
    DATABASE_URL: shared[`${spec.name.toUpperCase()}_DATABASE_URL`],
    KAFKA_BROKERS: shared.KAFKA_BROKERS,
  };
}

/** Spawns the built services (see tools/build) and resolves once each answers /health/ready. */
export async function startServices(infra: Infra, options: StartOptions = {}): Promise<RunningService[]> {
  const portBase = options.portBase ?? 3000;
  const started = SERVICES.map((spec) => spawnService(spec, infra, portBase, options.log ?? console.log));
  try {
    await Promise.all(started.map((service) => waitReady(service, options.readyTimeoutMs ?? 60_000)));
  } catch (error) {
    await stopServices(started);
    throw error;
  }
  return started;
}

function spawnService(spec: ServiceSpec, infra: Infra, portBase: number, log: (line: string) => void): RunningService {
  const name = `${spec.name}-service`;
  const main = join(infraSettings().repoRoot, 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { ...process.env, ...serviceEnv(spec, infra, portBase), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${spec.name}]`.padEnd(13);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => log(`${prefix}${line}`));
  }
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { name, url: `http://127.0.0.1:${portBase + spec.httpOffset}`, process: child, exited };
}

async function waitReady(service: RunningService, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code));
  await waitUntil(`${service.name} at ${service.url}/health/ready`, async () => {
    if (exitCode !== undefined) throw new Error(`${service.name} exited with code ${exitCode} before it was ready`);
    const response = await fetch(`${service.url}/health/ready`);
    return response.status === 200;
  }, timeoutMs);
}

/** SIGTERM to each recorded pid (they drain and exit), SIGKILL only past the grace period. */
export async function stopServices(services: RunningService[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      if (service.process.pid !== undefined && service.process.exitCode === null) {
        await stopPid(service.process.pid, graceMs);
      }
      await service.exited;
    }),
  );
}
