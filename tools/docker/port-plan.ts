import { createServer } from 'node:net';
import { type PortPlan, portsOf } from '../dev/services';

export { portsOf };

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const planAt = (base: number): PortPlan => ({ httpBase: base, grpcBase: base + 50 });

/**
 * The containers share the host's network, so their ports must be free on this machine:
 * DOCKER_CHECK_PORT_BASE when set (it must be free), else the first free block of 100 from 21000
 * up: clear of `npm start` (3000-3020, 50050-50060), of the e2e tests (29000 up; it takes the first free block, so a running e2e system is skipped) and of Linux's
 * ephemeral range (32768 up), where an outgoing connection may take a port at any moment.
 */
export async function freePortPlan(env: NodeJS.ProcessEnv = process.env): Promise<PortPlan> {
  const wanted = env.DOCKER_CHECK_PORT_BASE;
  if (wanted) {
    const plan = planAt(Number(wanted));
    if (!Number.isInteger(plan.httpBase) || plan.httpBase < 1 || Math.max(...portsOf(plan)) > 65_535) {
      throw new Error(`DOCKER_CHECK_PORT_BASE=${wanted}: not a port base (1-65482)`);
    }
    const busy = [];
    for (const port of portsOf(plan)) if (!(await isFree(port))) busy.push(port);
    if (busy.length) throw new Error(`DOCKER_CHECK_PORT_BASE=${wanted}: ports ${busy.join(', ')} are not free`);
    return plan;
  }
  for (let base = 21_000; base < 32_000; base += 100) {
    const plan = planAt(base);
    let free = true;
    for (const port of portsOf(plan)) if (!(free = await isFree(port))) break;
    if (free) return plan;
  }
  throw new Error('no free block of ports between 21000 and 32000: set DOCKER_CHECK_PORT_BASE');
}
