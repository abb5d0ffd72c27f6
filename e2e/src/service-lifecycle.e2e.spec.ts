import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, SERVICES, startProcesses, stopProcesses } from '@ftgo/tools';
import { infraFromEnv } from './infra-from-env';
import { E2E_PORTS as PORTS, READY_TIMEOUT_MS } from './support/system';

describe('the services and their relays as real processes', () => {
  let services: RunningProcess[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    services = await startProcesses(infraFromEnv(), { ports: PORTS, readyTimeoutMs: READY_TIMEOUT_MS, log: (line) => logs.push(line) });
  });

  afterAll(async () => {
    await stopProcesses(services);
  });

  const apis = () => services.filter((running) => running.spec.role === 'api');
  const relays = () => services.filter((running) => running.spec.role === 'relay');

  it('runs an API and an outbox relay per service', () => {
    expect(apis().map((api) => api.spec.service).sort()).toEqual([...SERVICES].sort());
    expect(relays().map((relay) => relay.spec.service).sort()).toEqual([...SERVICES].sort());
    expect(SERVICES).toEqual(expect.arrayContaining(['order', 'kitchen', 'accounting']));
  });

  it('each API answers /health/live and /health/ready with 200 and a database that is up', async () => {
    for (const api of apis()) {
      expect((await fetch(`${api.url}/health/live`)).status, api.name).toBe(200);
      const ready = await fetch(`${api.url}/health/ready`);
      expect(ready.status, api.name).toBe(200);
      expect(await ready.json()).toMatchObject({ info: { database: { status: 'up' } } });
    }
  });

  it('each relay reports ready with its outbox health', async () => {
    for (const relay of relays()) {
      const ready = await fetch(`${relay.url}/health/ready`);
      expect(ready.status, relay.name).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok' });
    }
  });

  it('each process exposes Prometheus metrics at /metrics', async () => {
    for (const api of apis()) {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(text, api.name).toContain('process_cpu_user_seconds_total');
    }
    for (const relay of relays()) {
      const text = await (await fetch(`${relay.url}/metrics`)).text();
      expect(text, relay.name).toContain('outbox_relay_active');
    }
  });

  // The global setup chose SERVICE_NODE: the Node the images ship, where the npm registry has it.
  it('runs every API on the Node the e2e setup chose', async () => {
    const chosen = execFileSync(process.env.SERVICE_NODE || process.execPath, ['--version'], { encoding: 'utf8' }).trim();
    for (const api of apis()) {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(/nodejs_version_info\{version="(v[^"]+)"/.exec(text)?.[1], api.name).toBe(chosen);
    }
  });

  // Node prints its runtime warnings (TimeoutNegativeWarning, deprecations) as `(node:<pid>) ...`.
  it('writes no Node.js runtime warning while starting and serving', () => {
    expect(logs.filter((line) => /\(node:\d+\) \[?\w*(Warning|DEP\d+)/.test(line))).toEqual([]);
  });

  it('each drains and exits with code 0 on SIGTERM', async () => {
    await stopProcesses(services);
    for (const service of services) {
      expect(await service.exited, `${service.name} exit code`).toBe(0);
    }
    expect(logs.some((line) => line.includes('SIGTERM received'))).toBe(true);
  });
});
