import { relayConfigSchema } from '@ftgo/outbox';
import { beforeAll, describe, expect, it } from 'vitest';
// A deployment check must read each app's own config schema: the one place that says which
// variables the app understands. Tests may reach into apps for that; product code never does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { accountingConfigSchema } from '../../apps/accounting-service/src/config/accounting.config';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { kitchenConfigSchema } from '../../apps/kitchen-service/src/config/kitchen.config';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { orderConfigSchema } from '../../apps/order-service/src/config/order.config';
import { hostVariablesOf, NATIVE_PORTS, PROCESSES, type ProcessSpec } from '../dev/services';
import type { ServiceName } from '../infra/settings';
import { isReadByOrderResilience } from './resilience-variables';
import { environmentOf, findObject, type K8sObject, mainContainerOf, ofKind, OVERLAYS, renderOverlay, workloadNameOf } from './manifests';

const BUILD_TIMEOUT_MS = 5 * 60_000;

const API_VARIABLES: Record<ServiceName, string[]> = {
  order: Object.keys(orderConfigSchema.shape),
  kitchen: Object.keys(kitchenConfigSchema.shape),
  accounting: Object.keys(accountingConfigSchema.shape),
};
// Read by Node itself: the heap cap that keeps the process inside its memory limit.
const NODE_RUNTIME_VARIABLES = ['NODE_OPTIONS'];
// Read by the OpenTelemetry SDK (libs/platform/src/tracing), in every process.
const OPENTELEMETRY_VARIABLE = /^OTEL_[A-Z_]+$/;

function isKnown(spec: ProcessSpec, name: string): boolean {
  if (NODE_RUNTIME_VARIABLES.includes(name) || OPENTELEMETRY_VARIABLE.test(name)) return true;
  if (spec.role === 'relay') return name in relayConfigSchema.shape;
  return API_VARIABLES[spec.service].includes(name) || (spec.service === 'order' && isReadByOrderResilience(name));
}

/** `dns:///kitchen-grpc:50052` → the host and port it dials. */
function grpcTarget(address: string): { host: string; port: number } {
  const match = /^dns:\/\/\/([^:]+):(\d+)$/.exec(address);
  if (!match) throw new Error(`not a dns:/// gRPC address: ${address}`);
  return { host: match[1], port: Number(match[2]) };
}

describe("order's breaker tuning variables (libs/resilience)", () => {
  it('are recognised by asking the library, so a misspelt one is rejected', () => {
    expect(isReadByOrderResilience('KITCHEN_GRPC_TIMEOUT_MS')).toBe(true);
    expect(isReadByOrderResilience('ACCOUNTING_GRPC_ERROR_THRESHOLD_PERCENT')).toBe(true);
    expect(isReadByOrderResilience('KITCHEN_GRPC_TIMEOUT')).toBe(false);
    expect(isReadByOrderResilience('PAYMENT_GRPC_TIMEOUT_MS')).toBe(false);
  });
});

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay(overlay);
  }, BUILD_TIMEOUT_MS);
  const envOf = (spec: ProcessSpec) => environmentOf(objects, mainContainerOf(findObject(objects, 'Deployment', workloadNameOf(spec))));

  describe.each(PROCESSES.map((spec) => [workloadNameOf(spec), spec] as const))('%s', (_name, spec) => {
    it('sets only variables its config schema knows (a typo would be silently ignored otherwise)', () => {
      expect(Object.keys(envOf(spec)).filter((name) => !isKnown(spec, name))).toEqual([]);
    });

    it('sets every variable the native launcher sets, to the same value (gRPC hosts aside)', () => {
      const env = envOf(spec);
      for (const [name, nativeValue] of Object.entries(spec.env(NATIVE_PORTS))) {
        expect(env[name], name).toBeDefined();
        if (name.endsWith('_GRPC_ADDRESS')) expect(grpcTarget(env[name]).port, name).toBe(grpcTarget(nativeValue).port);
        else expect(env[name], name).toBe(nativeValue);
      }
    });

    it("takes DATABASE_URL from its own service's Secret, never from a committed value", () => {
      // The local overlay's secretGenerator appends a content hash to the name.
      expect(envOf(spec).DATABASE_URL).toMatch(new RegExp(`^secret:${spec.service}-database(-[a-z0-9]+)?/DATABASE_URL$`));
    });

    it('binds every interface it serves on, since the apps bind loopback by default', () => {
      const hosts = hostVariablesOf(spec);
      expect(hosts.map((name) => [name, envOf(spec)[name]])).toEqual(hosts.map((name) => [name, '0.0.0.0']));
    });

    it('reads the brokers from the shared platform ConfigMap', () => {
      expect(envOf(spec).KAFKA_BROKERS).toMatch(/^[a-z0-9.-]+:\d+$/);
    });

    if (spec.role === 'api') {
      it('logs JSON lines for the cluster log collector', () => {
        expect(envOf(spec).LOG_FORMAT).toBe('json');
      });
    }
  });

  it("points order's gRPC addresses at headless Services of the serving pods, on their gRPC port", () => {
    const order = envOf(PROCESSES.find((spec) => spec.service === 'order' && spec.role === 'api') as ProcessSpec);
    for (const [variable, served] of [['KITCHEN_GRPC_ADDRESS', 'kitchen-service'], ['ACCOUNTING_GRPC_ADDRESS', 'accounting-service']]) {
      const target = grpcTarget(order[variable]);
      const service = findObject(objects, 'Service', target.host);
      expect(service.spec?.clusterIP, `${target.host} must be headless`).toBe('None');
      expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': served });
      const grpc = mainContainerOf(findObject(objects, 'Deployment', served)).ports?.find((port) => port.name === 'grpc');
      expect(service.spec?.ports?.[0]).toMatchObject({ port: target.port, targetPort: 'grpc' });
      expect(grpc?.containerPort).toBe(target.port);
    }
  });

  it('commits no database password: the only Secrets are generated by the local overlay', () => {
    const secrets = objects.filter((object) => object.kind === 'Secret');
    expect(secrets.length).toBe(overlay === 'local' ? 4 : 0);
    expect(ofKind(objects, 'ConfigMap').flatMap((map) => Object.values(map.data ?? {})).join('\n')).not.toMatch(/postgres:\/\/[^@\s]+:[^@\s]+@/);
  });
});
