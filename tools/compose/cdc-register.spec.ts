import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../registry/service-registry';
import { repoRoot } from './compose-model';

const script = resolve(repoRoot, 'deploy/cdc/register-connectors.sh');

/** Kafka Connect's REST API as far as the script uses it: records each PUT, answers 200. */
function fakeConnect() {
  const received: { path: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: `${request.method} ${request.url}`, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, received };
}

describe('deploy/cdc/register-connectors.sh', () => {
  const connect = fakeConnect();
  let url: string;

  beforeAll(async () => {
    await new Promise<void>((done) => connect.server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(connect.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => connect.server.close(() => done())));

  // Generated passwords contain `/` and `+` (base64), people's contain `&`, quotes and backslashes.
  it('sends each service its password exactly, whatever characters it holds', async () => {
    const awkward = ['a/b+c=&d', 'q"u\\o\'te', 'x|y$HOME`z`@%s#'];
    const passwords = Object.fromEntries(SERVICES.map((service, index) => [service, `${awkward[index % awkward.length]}${service}`]));
    const env = Object.fromEntries(SERVICES.map((service) => [`${service.toUpperCase()}_DB_PASSWORD`, passwords[service]]));
    await promisify(execFile)('sh', [script], { env: { PATH: process.env.PATH, CONNECT_URL: url, ...env } });

    expect(connect.received.map((request) => request.path)).toEqual(
      SERVICES.map((service) => `PUT /connectors/${service}-outbox/config`),
    );
    for (const [index, service] of SERVICES.entries()) {
      const config = JSON.parse(connect.received[index].body) as Record<string, string>;
      expect(config['database.password'], service).toBe(passwords[service]);
      expect(config['database.user']).toBe(`${service}_user`);
      expect(config['database.dbname']).toBe(`${service}_db`);
    }
  });
});
