import { describe, expect, it } from 'vitest';
import { PROCESSES, SERVICES } from '../dev/services';
import { bytesOf, containerNameOf, envOf, loadCompose } from './compose-model';

const compose = loadCompose();
const apis = PROCESSES.filter((spec) => spec.role === 'api');
const relays = PROCESSES.filter((spec) => spec.role === 'relay');
const appContainers = PROCESSES.map(containerNameOf);
/** Built from this repository too, but no service process: checked in compose-flow-page.spec.ts. */
const FLOW_PAGE = 'flow-page';
// Infrastructure a person may want to reach from the host (psql, kafka tools, the profiles' UIs).
const HOST_TOOLS = ['postgres', 'kafka', 'kafka-ui', 'kafka-connect', 'jaeger', 'prometheus', 'grafana'];

/** The port a container's /health/live listens on, read from its compose healthcheck command. */
function healthcheckPort(name: string): string | undefined {
  const test = compose.services[name].healthcheck?.test;
  const command = Array.isArray(test) ? test.join(' ') : (test ?? '');
  return /127\.0\.0\.1:(\d+)\/health\/live/.exec(command)?.[1];
}

describe('docker-compose.yml topology', () => {
  it('runs every native process as a container, and no app container the launcher lacks', () => {
    const ours = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('ftgo/')).map(([name]) => name);
    expect(ours.sort()).toEqual([...appContainers, FLOW_PAGE].sort());
  });

  it("publishes each API's HTTP port to the same port on 127.0.0.1 only", () => {
    for (const spec of apis) {
      const service = compose.services[containerNameOf(spec)];
      expect(service.ports, spec.service).toEqual([`127.0.0.1:${envOf(service).HTTP_PORT}:${envOf(service).HTTP_PORT}`]);
    }
  });

  it('publishes nothing else but the flow page and the infrastructure tools (relays and gRPC stay on the compose network)', () => {
    const publishing = Object.entries(compose.services).filter(([, service]) => service.ports?.length).map(([name]) => name);
    const apiNames = [...apis.map(containerNameOf), FLOW_PAGE];
    expect(publishing.filter((name) => !apiNames.includes(name) && !HOST_TOOLS.includes(name))).toEqual([]);
  });

  it('checks each relay on the port its OUTBOX_RELAY_HTTP_PORT opens', () => {
    for (const spec of relays) {
      const name = containerNameOf(spec);
      expect(healthcheckPort(name), name).toBe(envOf(compose.services[name]).OUTBOX_RELAY_HTTP_PORT);
    }
  });

  it('starts every app container only once PostgreSQL and Kafka are healthy', () => {
    for (const name of appContainers) {
      expect(compose.services[name].depends_on, name).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
      });
    }
  });

  it('starts each relay after its API is healthy, because the API runs the migrations that create the outbox', () => {
    for (const spec of relays) {
      const dependencies = compose.services[containerNameOf(spec)].depends_on;
      expect(dependencies?.[`${spec.service}-service`], spec.service).toEqual({ condition: 'service_healthy' });
    }
  });

  it("runs each relay from its service's image, so API and relay always ship the same code", () => {
    for (const spec of relays) {
      const relay = compose.services[containerNameOf(spec)];
      const api = compose.services[`${spec.service}-service`];
      expect(relay.image).toBe(api.image);
    }
  });

  it('builds each image once: only the APIs and the flow page declare build:, so `docker compose build` leaves no untagged copies', () => {
    const built = Object.entries(compose.services).filter(([, service]) => service.build).map(([name]) => name);
    expect(built.sort()).toEqual([...apis.map(containerNameOf), FLOW_PAGE].sort());
  });

  it('runs every app container under an init, which passes SIGTERM on to node and reaps zombies', () => {
    for (const name of [...appContainers, FLOW_PAGE]) expect(compose.services[name].init, name).toBe(true);
  });

  it('brings every long-running container back after a daemon restart, infrastructure included', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const expected = name === 'cdc-register' ? 'no' : 'unless-stopped';
      expect(service.restart, name).toBe(expected);
    }
  });

  it('limits the memory of every app container, at most 280 MB per service for its API and its relay together', () => {
    const limits = appContainers.map((name) => compose.services[name].deploy?.resources?.limits?.memory);
    expect(limits.every((limit) => limit !== undefined), JSON.stringify(limits)).toBe(true);
    for (const service of SERVICES) {
      const containers = [`${service}-service`, `${service}-relay`];
      const total = containers.reduce((sum, name) => sum + bytesOf(compose.services[name].deploy?.resources?.limits?.memory ?? '0'), 0);
      expect(total, service).toBeLessThanOrEqual(280 * 1024 ** 2);
    }
  });

  it('caps the V8 heap so that code and native memory (~70 MB measured) still fit under each limit', () => {
    for (const name of appContainers) {
      const service = compose.services[name];
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(envOf(service).NODE_OPTIONS ?? '')?.[1]);
      const limitMb = bytesOf(service.deploy?.resources?.limits?.memory ?? '0') / 1024 ** 2;
      expect(heapMb, name).toBeGreaterThan(0);
      expect(limitMb - heapMb, name).toBeGreaterThanOrEqual(64);
    }
  });

  it('runs the app containers with a read-only root filesystem', () => {
    for (const name of appContainers) expect(compose.services[name].read_only, name).toBe(true);
  });

  it('keeps the optional tools behind their profiles', () => {
    expect(compose.services['kafka-ui'].profiles).toEqual(['ui']);
    for (const name of ['kafka-connect', 'cdc-register']) expect(compose.services[name].profiles, name).toEqual(['cdc']);
    for (const name of ['jaeger', 'prometheus', 'grafana']) expect(compose.services[name].profiles, name).toEqual(['observability']);
  });
});
