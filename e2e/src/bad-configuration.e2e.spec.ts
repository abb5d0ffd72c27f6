import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@ftgo/platform';
import { freePort, infraEnv, type ServiceName } from '@ftgo/tools';
import { infraFromEnv } from './infra-from-env';
import { type BlackHole, blackHole } from './support/black-hole';
import { spawnBuilt } from './support/built-process';

/** What the operators see of a misconfigured process: how it ended, how soon, what it said. */
interface Outcome {
  code: number | null;
  elapsedMs: number;
  lines: string[];
}

/** Lines that report a failure: JSON log lines at level error or fatal, and anything that is not JSON. */
function problems(lines: string[]): string[] {
  return lines.filter((line) => {
    try {
      return ['error', 'fatal'].includes((JSON.parse(line) as { level?: string }).level ?? '');
    } catch {
      return line.trim() !== '';
    }
  });
}

/** Runs the built process until it exits by itself (SIGKILL after 30 s, which the test then reports as a hang). */
async function runToExit(service: ServiceName, entry: 'main.js' | 'relay.js', env: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  const child = spawnBuilt(service, entry, env);
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  return { code, elapsedMs: performance.now() - started, lines: output.split('\n').filter(Boolean) };
}

/**
 * How long this machine takes right now to load a service and exit on a config error it sees
 * before connecting to anything: what the 10 s the checks may add are measured on top of.
 */
let loadAndExitMs = 0;

function expectOneLineExit(outcome: Outcome, reason: RegExp): void {
  const said = problems(outcome.lines);
  expect(outcome.code, outcome.lines.join('\n')).not.toBe(0);
  expect(outcome.code, outcome.lines.join('\n')).not.toBeNull();
  expect(outcome.elapsedMs - loadAndExitMs, outcome.lines.join('\n')).toBeLessThan(10_000);
  expect(said, outcome.lines.join('\n')).toHaveLength(1);
  expect(said[0]).toMatch(reason);
  expect(said[0]).not.toMatch(/\n\s+at /);
}

describe('a service with a bad configuration exits non-zero within 10 s with one readable line', () => {
  const infra = infraFromEnv();
  const shared = infraEnv(infra);
  const pg = new URL(shared.KITCHEN_DATABASE_URL);
  let hole: BlackHole;
  let ports: { http: number; grpc: number };

  beforeAll(async () => {
    hole = await blackHole();
    ports = { http: await freePort(), grpc: await freePort() };
    const baseline = await kitchen({ KAFKA_BROKERS: 'not a broker list' });
    expect(baseline.code).toBe(1);
    loadAndExitMs = baseline.elapsedMs;
  });
  afterAll(async () => {
    await hole?.close();
  });

  const kitchen = (env: Record<string, string>) =>
    runToExit('kitchen', 'main.js', {
      DATABASE_URL: shared.KITCHEN_DATABASE_URL,
      KAFKA_BROKERS: shared.KAFKA_BROKERS,
      HTTP_PORT: String(ports.http),
      GRPC_PORT: String(ports.grpc),
      ...env,
    });
  const withDatabase = (change: (url: URL) => void) => {
    const url = new URL(pg);
    change(url);
    return url.toString();
  };

  it('DATABASE_URL that accepts connections and never answers', async () => {
    expectOneLineExit(await kitchen({ DATABASE_URL: withDatabase((url) => (url.port = String(hole.port))) }), /DATABASE_URL.*(timeout|timed out)/i);
  });

  it('DATABASE_URL where nothing listens', async () => {
    const port = await freePort();
    expectOneLineExit(await kitchen({ DATABASE_URL: withDatabase((url) => (url.port = String(port))) }), /DATABASE_URL.*ECONNREFUSED/);
  });

  it('DATABASE_URL with a wrong password, without printing it', async () => {
    const outcome = await kitchen({ DATABASE_URL: withDatabase((url) => (url.password = 'not-the-password')) });
    expectOneLineExit(outcome, /DATABASE_URL.*password authentication failed/);
    expect(outcome.lines.join('\n')).not.toContain('not-the-password');
  });

  it('DATABASE_URL naming a database that does not exist', async () => {
    expectOneLineExit(await kitchen({ DATABASE_URL: withDatabase((url) => (url.pathname = '/no_such_db')) }), /DATABASE_URL.*no_such_db.*does not exist/);
  });

  it('KAFKA_BROKERS that accept connections and never answer', async () => {
    expectOneLineExit(await kitchen({ KAFKA_BROKERS: `127.0.0.1:${hole.port}` }), /KAFKA_BROKERS/);
  });

  it('KAFKA_BROKERS where nothing listens', async () => {
    expectOneLineExit(await kitchen({ KAFKA_BROKERS: `127.0.0.1:${await freePort()}` }), /KAFKA_BROKERS.*ECONNREFUSED/);
  });

  it("order-service pointed at kitchen's database refuses it instead of migrating it", async () => {
    const outcome = await runToExit('order', 'main.js', {
      DATABASE_URL: shared.KITCHEN_DATABASE_URL,
      KAFKA_BROKERS: shared.KAFKA_BROKERS,
      HTTP_PORT: String(ports.http),
      KITCHEN_GRPC_ADDRESS: `dns:///127.0.0.1:${ports.grpc}`,
      ACCOUNTING_GRPC_ADDRESS: `dns:///127.0.0.1:${ports.grpc}`,
    });
    expectOneLineExit(outcome, /DATABASE_URL.*another service/);
  });

  it('a relay whose HTTP port is taken', async () => {
    const outcome = await runToExit('kitchen', 'relay.js', {
      DATABASE_URL: shared.KITCHEN_DATABASE_URL,
      KAFKA_BROKERS: shared.KAFKA_BROKERS,
      OUTBOX_RELAY_HTTP_PORT: String(hole.port),
      OUTBOX_RELAY_HTTP_HOST: '127.0.0.1',
    });
    expectOneLineExit(outcome, new RegExp(`OUTBOX_RELAY_HTTP_PORT.*${hole.port}.*in use`));
  });
});

describe("a relay's readiness when its database hangs", () => {
  it('answers 503 within its time limit instead of hanging', async () => {
    const shared = infraEnv(infraFromEnv());
    const target = new URL(shared.KITCHEN_DATABASE_URL);
    const proxy = await freezableProxy(Number(target.port));
    const url = new URL(target);
    url.port = String(proxy.port);
    const httpPort = await freePort();
    const child = spawnBuilt('kitchen', 'relay.js', {
      DATABASE_URL: url.toString(),
      KAFKA_BROKERS: shared.KAFKA_BROKERS,
      OUTBOX_RELAY_HTTP_PORT: String(httpPort),
      OUTBOX_RELAY_HTTP_HOST: '127.0.0.1',
      OUTBOX_SLOT_NAME: 'edge_test_slot',
      KAFKA_CLIENT_ID: 'bad-config-relay',
    });
    const ready = `http://127.0.0.1:${httpPort}/health/ready`;
    try {
      await pollUntil('the relay to be ready', async () => (await fetch(ready).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, intervalMs: 250 });
      proxy.freeze();
      const response = await fetch(ready, { signal: AbortSignal.timeout(5_000) });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error' });
    } finally {
      child.kill('SIGKILL');
      await proxy.close();
    }
  });
});

/** A TCP proxy to PostgreSQL that can stop passing bytes on while keeping every connection open. */
async function freezableProxy(targetPort: number): Promise<{ port: number; freeze(): void; close(): Promise<void> }> {
  const { connect } = await import('node:net');
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    freeze: () => (frozen = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
