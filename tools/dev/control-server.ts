import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ProcessStatus, type ProcessVerb, SupervisorError } from './supervisor';

/** The verbs the control endpoint offers; the Supervisor implements them. */
export interface ProcessControl {
  list(): ProcessStatus[];
  check(name: string, verb: ProcessVerb): void;
  stop(name: string): Promise<void>;
  start(name: string): Promise<void>;
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

const VERB_ROUTE = /^\/processes\/([\w.-]+)\/(stop|start)$/;

function authorized(request: IncomingMessage, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The launcher's control endpoint, for the flow page's server: GET /processes, and POST
 * /processes/<name>/stop|start (202 at once; the list shows `stopping`/`starting` until done, and
 * `exited` with the error if a start fails). It listens on loopback only and wants the bearer
 * token the launcher handed the flow page, so that no web page a browser opens can forge a stop.
 */
export async function startControlServer(control: ProcessControl, token: string, port: number): Promise<ControlServer> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!authorized(request, token)) return reply(401, { message: 'a bearer token is required' });
    if (request.method === 'GET' && request.url === '/processes') return reply(200, control.list());
    const route = request.method === 'POST' ? VERB_ROUTE.exec(request.url ?? '') : null;
    if (!route) return reply(404, { message: `no route ${request.method} ${request.url}` });
    const [, name, verb] = route as unknown as [string, string, ProcessVerb];
    try {
      control.check(name, verb);
    } catch (error) {
      if (!(error instanceof SupervisorError)) throw error;
      return reply(error.kind === 'unknown' ? 404 : 409, { message: error.message });
    }
    void (verb === 'stop' ? control.stop(name) : control.start(name)).catch(() => undefined);
    reply(202, control.list().find((status) => status.name === name));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
