import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { pollUntil } from '@ftgo/platform';
import { goToolBinary, goToolBuilt } from './go-tool';
import { infraSettings } from './settings';

const run = promisify(execFile);

/** The Go module tag of Jaeger 2.13.0 (the release of the `jaegertracing/jaeger:2.13.0` image). */
export const JAEGER_MODULE_VERSION = 'v1.76.0';
const PACKAGE = 'github.com/jaegertracing/jaeger/cmd/jaeger';

export interface JaegerPorts {
  /** Jaeger's UI and its HTTP query API (`/api/traces/<trace id>`). */
  query: number;
  queryGrpc: number;
  /** OTLP over HTTP: OTEL_EXPORTER_OTLP_ENDPOINT of every process. */
  otlp: number;
}

export const NATIVE_JAEGER_PORTS: JaegerPorts = { query: 16686, queryGrpc: 16685, otlp: 4318 };

export interface RunningJaeger {
  queryUrl: string;
  otlpUrl: string;
  stop(): Promise<void>;
}

/** The Jaeger binary when it is built already ($JAEGER, or .infra/tools/), else undefined. */
export function builtJaeger(): string | undefined {
  return process.env.JAEGER || goToolBuilt('jaeger', JAEGER_MODULE_VERSION);
}

/**
 * Builds Jaeger once per machine from the Go module proxy (several minutes cold: it is an
 * OpenTelemetry Collector distribution). Its go.mod has replace directives, so `go install` refuses
 * it: it is added as a tool of a throw-away module and built from there.
 */
export function buildJaeger(): Promise<string> {
  return goToolBinary('jaeger', JAEGER_MODULE_VERSION, async (output) => {
    const module = mkdtempSync(join(dirname(output), 'jaeger-build-'));
    const go = (...args: string[]) => run('go', args, { cwd: module, timeout: 40 * 60_000, maxBuffer: 64 * 1024 * 1024 });
    try {
      await go('mod', 'init', 'ftgo.local/jaeger-build');
      await go('get', '-tool', `${PACKAGE}@${JAEGER_MODULE_VERSION}`);
      await go('build', '-o', output, PACKAGE);
    } catch (error) {
      throw new Error(`building Jaeger ${JAEGER_MODULE_VERSION} with Go failed (Go 1.24+ and the Go module proxy, once per machine), or set JAEGER to a jaeger binary.\n${String(error)}`);
    } finally {
      rmSync(module, { recursive: true, force: true });
    }
  });
}

/** Starts Jaeger on 127.0.0.1 (tools/infra/jaeger/config.yaml) and resolves once its API answers. */
export async function startJaeger(binary: string, ports: JaegerPorts = NATIVE_JAEGER_PORTS): Promise<RunningJaeger> {
  const settings = infraSettings();
  const logDir = join(settings.dir, 'jaeger');
  mkdirSync(logDir, { recursive: true });
  const child: ChildProcess = spawn(binary, ['--config', join(settings.repoRoot, 'tools', 'infra', 'jaeger', 'config.yaml')], {
    env: { ...process.env, JAEGER_QUERY_PORT: String(ports.query), JAEGER_QUERY_GRPC_PORT: String(ports.queryGrpc), JAEGER_OTLP_PORT: String(ports.otlp) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const gone = new AbortController();
  void exited.then(([code]) => gone.abort(new Error(`jaeger exited with code ${code} while starting`)));
  const queryUrl = `http://127.0.0.1:${ports.query}`;
  await pollUntil(`Jaeger at ${queryUrl}`, async () => (await fetch(`${queryUrl}/api/services`, { signal: gone.signal })).ok, { timeoutMs: 60_000, intervalMs: 250, signal: gone.signal });
  return {
    queryUrl,
    otlpUrl: `http://127.0.0.1:${ports.otlp}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
