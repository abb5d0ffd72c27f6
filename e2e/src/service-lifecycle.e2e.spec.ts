import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startServices, stopServices } from '@ftgo/tools';
import { infraFromEnv } from './infra-from-env';

const PORT_BASE = 43_000;

describe('the three services as real processes', () => {
  let services: RunningService[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    services = await startServices(infraFromEnv(), { portBase: PORT_BASE, log: (line) => logs.push(line) });
  });

  afterAll(async () => {
    await stopServices(services);
  });

  it('each answers /health/live and /health/ready with 200 and a database that is up', async () => {
    for (const service of services) {
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    }
  });

  it('each exposes Prometheus metrics at /metrics', async () => {
    for (const service of services) {
      const response = await fetch(`${service.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('process_cpu_user_seconds_total');
    }
  });

  it('each drains and exits with code 0 on SIGTERM', async () => {
    await stopServices(services);
    for (const service of services) {
      expect(await service.exited, `${service.name} exit code`).toBe(0);
    }
    expect(logs.some((line) => line.includes('SIGTERM received'))).toBe(true);
  });
});
