import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// The flow page's own config schema is the one place that says which variables it understands.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { flowPageConfigSchema } from '../../apps/flow-page/src/config/flow-page.config';
import { flowPageEnv } from '../dev/flow-page-process';
import { NATIVE_PORTS, SERVICES } from '../dev/services';
import type { Infra } from '../infra/infra';
import { bytesOf, envOf, loadCompose, repoRoot } from './compose-model';
import { copyParts, execForm, parseDockerfile } from './dockerfile-model';

const compose = loadCompose();
const page = compose.services['flow-page'];
const env = envOf(page);
const databases = Object.fromEntries(SERVICES.map((service) => [service, ''])) as Infra['postgres']['databases'];
const infra: Infra = { postgres: { adminUrl: '', databases, startedHere: false }, kafka: { brokers: ['127.0.0.1:1'], startedHere: false } };
const native = flowPageEnv(infra, NATIVE_PORTS);

/** `ORDER_RELAY_URL` → the compose service `order-relay` that it names. */
const containerOf = (variable: string) => variable.replace(/_URL$/, '').toLowerCase().replace(/_/g, '-');

describe('the flow page in docker-compose.yml and the Dockerfile', () => {
  it('sets only variables its config schema knows', () => {
    const known = Object.keys(flowPageConfigSchema.shape);
    // Besides its schema: Node's NODE_OPTIONS and the OpenTelemetry SDK's OTEL_* (libs/platform/src/tracing).
    expect(Object.keys(env).filter((name) => !known.includes(name) && name !== 'NODE_OPTIONS' && !/^OTEL_[A-Z_]+$/.test(name))).toEqual([]);
  });

  it("points at every API and relay by its compose name, on the port the native launcher uses", () => {
    for (const [name, value] of Object.entries(native).filter(([name]) => name.endsWith('_URL') && name !== 'SUPERVISOR_URL')) {
      const url = new URL(env[name]);
      expect(url.hostname, name).toBe(containerOf(name));
      expect(compose.services[url.hostname], name).toBeDefined();
      expect(url.port, name).toBe(new URL(value).port);
    }
  });

  it("links each order's trace to the observability profile's Jaeger, at the address the host publishes it on", () => {
    const link = new URL(env.TRACE_VIEWER_URL.replace('{traceId}', 'TRACE'));
    const jaeger = compose.services.jaeger;
    expect(jaeger.profiles).toEqual(['observability']);
    // The browser opens the link: the host's side of a port Jaeger publishes on loopback, its UI's trace page.
    expect(jaeger.ports).toContainEqual(expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${link.port}:16686( |$)`)));
    expect([link.hostname, link.pathname]).toEqual(['127.0.0.1', '/trace/TRACE']);
    expect(flowPageConfigSchema.shape.TRACE_VIEWER_URL.safeParse(env.TRACE_VIEWER_URL).success).toBe(true);
  });

  it('has no supervisor to call, so the page offers no stop/start buttons', () => {
    expect(env.SUPERVISOR_URL).toBeUndefined();
    expect(env.SUPERVISOR_TOKEN).toBeUndefined();
  });

  it('is published on 127.0.0.1 at the port npm start uses, and starts once Kafka and the APIs are healthy', () => {
    expect(env.HTTP_PORT).toBe(native.HTTP_PORT);
    expect(page.ports).toEqual([`127.0.0.1:${env.HTTP_PORT}:${env.HTTP_PORT}`]);
    for (const dependency of ['kafka', 'order-service', 'kitchen-service', 'accounting-service']) {
      expect(page.depends_on?.[dependency], dependency).toEqual({ condition: 'service_healthy' });
    }
  });

  it('runs read-only, with a memory limit and a V8 heap cap below it', () => {
    expect(page.read_only).toBe(true);
    const limitMb = bytesOf(page.deploy?.resources?.limits?.memory ?? '0') / 1024 ** 2;
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
    expect(heapMb).toBeGreaterThan(0);
    expect(limitMb - heapMb).toBeGreaterThanOrEqual(64);
  });

  it('is built by the Dockerfile target compose names, which runs the built main.ts on the port compose sets', () => {
    const instructions = parseDockerfile().filter((i) => i.stage === 'flow-page');
    expect(page.build?.target).toBe('flow-page');
    const [cmd] = instructions.filter((i) => i.keyword === 'CMD');
    const script = execForm(cmd.args).find((arg, index) => index > 0 && !arg.startsWith('-'));
    expect(script).toBe('dist/apps/flow-page/src/main.js');
    expect(existsSync(resolve(repoRoot, 'apps/flow-page/src/main.ts'))).toBe(true);
    expect(instructions.filter((i) => i.keyword === 'COPY').map((i) => copyParts(i.args).destination)).toContain('dist/apps/flow-page');
    expect(instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args)).toContain(`HTTP_PORT=${env.HTTP_PORT}`);
    expect(instructions.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args)).toEqual([env.HTTP_PORT]);
    const build = parseDockerfile().filter((i) => i.stage === 'build' && i.keyword === 'RUN').map((i) => i.args).join('\n');
    expect(build).toContain('apps/flow-page');
  });
});
