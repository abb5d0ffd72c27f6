import { once } from 'node:events';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpDrainOf } from './http-drain';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request({ port, host: '127.0.0.1', path, agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end();
  });
}

/** A server whose `/slow` requests wait until the test releases them; anything else is answered at once. */
async function serverWithHeldRequests() {
  const held: Array<() => void> = [];
  const arrived: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/slow') return void res.end('fast');
    held.push(() => res.end('slow done'));
    arrived.shift()?.();
  });
  const drain = httpDrainOf(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    drain,
    port: (server.address() as AddressInfo).port,
    /** Resolves once a `/slow` request is in the handler. */
    nextArrival: () => new Promise<void>((resolve) => arrived.push(resolve)),
    releaseAll: () => held.splice(0).forEach((release) => release()),
  };
}

describe('httpDrainOf', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('closes idle keep-alive connections at once, lets a request in flight finish with its answer, and resolves after it', async () => {
    const subject = await serverWithHeldRequests();
    close = () => subject.server.closeAllConnections();
    const idleAgent = new Agent({ keepAlive: true });
    const busyAgent = new Agent({ keepAlive: true });
    await get(subject.port, '/fast', idleAgent);
    const [idleSocket] = Object.values(idleAgent.freeSockets).flat();
    const idleClosed = once(idleSocket!, 'close');

    const arrival = subject.nextArrival();
    const inFlight = get(subject.port, '/slow', busyAgent);
    await arrival;
    let drained = false;
    const drain = subject.drain().then(() => (drained = true));

    await idleClosed;
    expect(drained).toBe(false);
    subject.releaseAll();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: 'slow done', headers: { connection: 'close' } });
    await drain;
    expect(subject.server.listening).toBe(false);
    idleAgent.destroy();
    busyAgent.destroy();
  });

  it('resolves at once when nothing is in flight, and refuses new connections from then on', async () => {
    const subject = await serverWithHeldRequests();
    const agent = new Agent({ keepAlive: true });
    await get(subject.port, '/fast', agent);
    await subject.drain();
    await expect(get(subject.port, '/fast', new Agent())).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});
