import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { pollUntil } from '@ftgo/platform';
import { takeLock } from './go-tool';
import { infraSettings } from './settings';

const run = promisify(execFile);

/** Every package of the viewer's Python environment, pinned: the one place its versions are written. */
const REQUIREMENTS = join(__dirname, 'phoenix', 'requirements.txt');

/** The Phoenix release of the pinned requirements (`arize-phoenix==…`). */
export const PHOENIX_VERSION = /^arize-phoenix==(\S+)$/m.exec(readFileSync(REQUIREMENTS, 'utf8'))?.[1] ?? 'unpinned';

export interface PhoenixPorts {
  /** The UI, its REST API and OTLP over HTTP (`/v1/traces`), on one port. */
  http: number;
  /** OTLP over gRPC: Phoenix always opens it; nothing here uses it. */
  grpc: number;
}

/** `npm start`'s: Phoenix's own defaults, which its variables PHOENIX_PORT and PHOENIX_GRPC_PORT override. */
export function nativePhoenixPorts(env: NodeJS.ProcessEnv = process.env): PhoenixPorts {
  return { http: Number(env.PHOENIX_PORT || 6006), grpc: Number(env.PHOENIX_GRPC_PORT || 4317) };
}

export interface RunningPhoenix {
  /** The UI, and the REST API under /v1. */
  url: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT of every process. */
  otlpUrl: string;
  /** One trace's page in the UI, `{traceId}` to replace: the flow page's TRACE_VIEWER_URL. */
  traceUrl: string;
  stop(): Promise<void>;
}

const environmentDir = () => join(infraSettings().dir, 'tools', `phoenix-${PHOENIX_VERSION}`);
const executableIn = (dir: string) => join(dir, 'bin', 'phoenix');
const completeMarker = (dir: string) => join(dir, '.complete');

/** The `phoenix` executable when it is installed already ($PHOENIX, or .infra/tools/), else undefined. */
export function installedPhoenix(): string | undefined {
  if (process.env.PHOENIX) return process.env.PHOENIX;
  const dir = environmentDir();
  return existsSync(completeMarker(dir)) ? executableIn(dir) : undefined;
}

/**
 * Installs Phoenix once per machine into a Python virtual environment under .infra/tools/, from
 * the package index by the pinned requirements (minutes, about 1 GB: it brings its UI, a SQL
 * store and an OTLP receiver). A `.complete` marker, written last, tells a finished environment
 * from one an interrupted install left behind; parallel callers wait for the first one's.
 */
export async function installPhoenix(log: (line: string) => void = console.log): Promise<string> {
  const dir = environmentDir();
  const lock = `${dir}.lock`;
  mkdirSync(join(infraSettings().dir, 'tools'), { recursive: true });
  while (!existsSync(completeMarker(dir))) {
    if (!takeLock(lock)) {
      await sleep(1000);
      continue;
    }
    try {
      if (existsSync(completeMarker(dir))) break;
      rmSync(dir, { recursive: true, force: true });
      const python = process.env.PYTHON || 'python3';
      log(`installing Phoenix ${PHOENIX_VERSION} with ${python} into ${dir} (first run only)`);
      await run(python, ['-m', 'venv', dir], { timeout: 5 * 60_000 }).catch((error: unknown) => {
        throw new Error(`Python 3.11+ with venv is required once, to install Phoenix (set PYTHON to one, or PHOENIX to a phoenix executable): ${String(error)}`);
      });
      await run(join(dir, 'bin', 'pip'), ['install', '--no-input', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS], { timeout: 40 * 60_000, maxBuffer: 64 * 1024 * 1024 });
      writeFileSync(completeMarker(dir), `${new Date().toISOString()}\n`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return executableIn(dir);
}

/**
 * Starts Phoenix on 127.0.0.1 with its data in `workingDir` (SQLite; .infra/phoenix by default)
 * and resolves once it answers. No telemetry, nothing loaded from outside the machine.
 */
export async function startPhoenix(executable: string, ports: PhoenixPorts = nativePhoenixPorts(), workingDir = join(infraSettings().dir, 'phoenix')): Promise<RunningPhoenix> {
  mkdirSync(workingDir, { recursive: true });
  const child: ChildProcess = spawn(executable, ['serve'], {
    env: {
      ...process.env,
      PHOENIX_HOST: '127.0.0.1',
      PHOENIX_PORT: String(ports.http),
      PHOENIX_GRPC_PORT: String(ports.grpc),
      PHOENIX_WORKING_DIR: workingDir,
      PHOENIX_TELEMETRY_ENABLED: 'false',
      PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its start-up banner and access log would drown the system's logs: only its errors, kept for a failed start.
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = `${errors}${chunk}`.slice(-4000)));
  const exited = once(child, 'exit');
  const gone = new AbortController();
  void exited.then(([code]) => gone.abort(new Error(`phoenix exited with code ${code} while starting:\n${errors}`)));
  const url = `http://127.0.0.1:${ports.http}`;
  await pollUntil(`Phoenix at ${url}`, async () => (await fetch(`${url}/healthz`, { signal: gone.signal })).ok, { timeoutMs: 240_000, intervalMs: 500, signal: gone.signal });
  return {
    url,
    otlpUrl: url,
    traceUrl: `${url}/redirects/traces/{traceId}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
