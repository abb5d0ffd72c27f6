import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
// The flow page's copy of the list's type: the app may not import the tooling, so the check is here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { ControlledProcess } from '../../apps/flow-page/src/shared/flow-api';
import { request } from '../testing/http';
import { type ControlServer, type ProcessControl, startControlServer } from './control-server';
import { type ProcessStatus, type ProcessVerb, SupervisorError } from './supervisor';

const TOKEN = 'a-token-of-sufficient-length';

/** The supervisor's verbs over an in-memory list: the endpoint's routing and refusals are what is tested here. */
class ListedProcesses implements ProcessControl {
  readonly statuses: ProcessStatus[] = [
    { name: 'kitchen-service', role: 'api', url: 'http://127.0.0.1:1', state: 'running' },
    { name: 'order-relay', role: 'relay', url: 'http://127.0.0.1:2', state: 'stopped' },
  ];
  list = () => this.statuses;
  check(name: string, verb: ProcessVerb) {
    const status = this.statuses.find((candidate) => candidate.name === name);
    if (!status) throw new SupervisorError(`no process named ${name}`, 'unknown');
    if ((verb === 'stop') !== (status.state === 'running')) throw new SupervisorError(`${name} is ${status.state}`, 'conflict');
  }
  stop = async (name: string) => this.move(name, 'stopping');
  start = async (name: string) => this.move(name, 'starting');
  private move(name: string, state: ProcessStatus['state']) {
    Object.assign(this.statuses.find((candidate) => candidate.name === name) as ProcessStatus, { state });
  }
}

describe('the launcher control endpoint', () => {
  let server: ControlServer;
  const call = (method: string, path: string, token = TOKEN) =>
    request(method, `${server.url}${path}`, undefined, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startControlServer(new ListedProcesses(), TOKEN, 0);
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on loopback only', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a request without the bearer token with 401', async () => {
    expect((await request('GET', `${server.url}/processes`)).status).toBe(401);
    expect((await call('POST', '/processes/kitchen-service/stop', 'a-wrong-token-of-same-size!')).status).toBe(401);
  });

  it("lists each process as the flow page's client reads it", () => {
    expectTypeOf<ProcessStatus>().toEqualTypeOf<ControlledProcess>();
  });

  it('lists the processes with their state', async () => {
    const answer = await call('GET', '/processes');
    expect(answer.status).toBe(200);
    expect((answer.body as ProcessStatus[]).map((status) => [status.name, status.state])).toEqual([
      ['kitchen-service', 'running'],
      ['order-relay', 'stopped'],
    ]);
  });

  it('answers a stop or a start with 202 and the state it moved to', async () => {
    const stopped = await call('POST', '/processes/kitchen-service/stop');
    expect(stopped.status).toBe(202);
    expect(stopped.body).toMatchObject({ name: 'kitchen-service', state: 'stopping' });
    const started = await call('POST', '/processes/order-relay/start');
    expect(started.body).toMatchObject({ name: 'order-relay', state: 'starting' });
  });

  it('answers 409 for a verb the state does not allow, 404 for an unknown process or route', async () => {
    const twice = await call('POST', '/processes/kitchen-service/stop');
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/kitchen-service is stopping/);
    expect((await call('POST', '/processes/nobody/stop')).status).toBe(404);
    expect((await call('POST', '/processes/kitchen-service/restart')).status).toBe(404);
    expect((await call('DELETE', '/processes')).status).toBe(404);
  });
});
