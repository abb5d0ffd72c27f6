import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../registry/service-registry';
import { freePortPlan, portsOf } from './port-plan';

describe('the ports docker:check gives the containers on the host network', () => {
  it('are three per service, HTTP, relay probes and gRPC, all distinct and below the ephemeral range by default', async () => {
    const ports = portsOf(await freePortPlan({}));
    expect(new Set(ports).size).toBe(3 * SERVICES.length);
    expect(Math.max(...ports)).toBeLessThan(32_768);
  });

  it('refuse a chosen base whose ports are taken, naming them', async () => {
    const plan = await freePortPlan({});
    const [taken] = portsOf(plan);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(taken, '127.0.0.1', resolve));
    try {
      await expect(freePortPlan({ DOCKER_CHECK_PORT_BASE: String(plan.httpBase) })).rejects.toThrow(`ports ${taken} are not free`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuse a base that is not a port', async () => {
    await expect(freePortPlan({ DOCKER_CHECK_PORT_BASE: 'high' })).rejects.toThrow(/not a port base/);
  });
});
