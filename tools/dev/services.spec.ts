import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Infra } from '../infra/infra';
import { freePortPlan, portsOf, PROCESSES, type RunningProcess, SERVICES, startProcesses, waitReady } from './services';

function crashingProcess(exitCode: number): RunningProcess {
  const child = spawn(process.execPath, ['-e', `process.exit(${exitCode})`], { stdio: 'ignore' });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // Nothing listens on port 9 (discard): the readiness probe keeps failing, as for a process still starting.
  return { name: 'order-service', spec: PROCESSES[0]!, url: 'http://127.0.0.1:9', process: child, exited };
}

describe('waiting for a process to be ready', () => {
  it('reports a process that exits during start-up at once, with its exit code, instead of waiting out the timeout', async () => {
    await expect(waitReady(crashingProcess(3), 30_000)).rejects.toThrow(/^order-service exited with code 3 before it was ready$/);
  });
});

describe('freePortPlan', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('skips a block in which one port is taken', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(25_001, '0.0.0.0', resolve));
    // The first candidate block starts at 25 000 (order's HTTP port 25 001: taken), the second at 26 000.
    const candidates = [5_000 / 12_000, 6_000 / 12_000];
    expect(await freePortPlan(() => candidates.shift()!)).toEqual({ httpBase: 26_000, grpcBase: 26_020 });
  });
});

describe('starting the system', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));
  /** Never reached: the start is refused before any process or connection. */
  const nowhere: Infra = {
    postgres: { adminUrl: 'postgres://127.0.0.1:9/none', databases: Object.fromEntries(SERVICES.map((service) => [service, ''])) as Infra['postgres']['databases'], startedHere: false },
    kafka: { brokers: ['127.0.0.1:9'], startedHere: false },
  };

  it('refuses ports where something already listens, instead of starting processes whose readiness another system would answer', async () => {
    const plan = await freePortPlan();
    const taken = portsOf(plan)[1]!;
    const holder = createServer();
    servers.push(holder);
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    await expect(startProcesses(nowhere, { ports: plan })).rejects.toThrow(`port ${taken} already in use`);
  });
});
