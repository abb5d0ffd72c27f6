import { relayConfigSchema } from '@ftgo/outbox';
import { describe, expect, it } from 'vitest';
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
import { containerNameOf, envOf, loadCompose, withDefaults } from './compose-model';

const compose = loadCompose();

const API_VARIABLES: Record<ServiceName, string[]> = {
  order: Object.keys(orderConfigSchema.shape),
  kitchen: Object.keys(kitchenConfigSchema.shape),
  accounting: Object.keys(accountingConfigSchema.shape),
};
// Order's breaker tuning is read by libs/resilience from KITCHEN_GRPC_* / ACCOUNTING_GRPC_*.
const orderDependencyVariable = /^(KITCHEN|ACCOUNTING)_GRPC_[A-Z_]+$/;

// Read by Node itself, not by the app: the heap caps that keep each process inside its memory limit.
const NODE_RUNTIME_VARIABLES = ['NODE_OPTIONS'];
// Read by the OpenTelemetry SDK (libs/platform/src/tracing), in every process.
const OPENTELEMETRY_VARIABLE = /^OTEL_[A-Z_]+$/;

function knownVariables(spec: ProcessSpec): (name: string) => boolean {
  const known = (name: string) =>
    spec.role === 'relay'
      ? name in relayConfigSchema.shape
      : API_VARIABLES[spec.service].includes(name) || (spec.service === 'order' && orderDependencyVariable.test(name));
  return (name) => known(name) || NODE_RUNTIME_VARIABLES.includes(name) || OPENTELEMETRY_VARIABLE.test(name);
}

function containerEnv(spec: ProcessSpec): Record<string, string> {
  const service = compose.services[containerNameOf(spec)];
  if (!service) throw new Error(`docker-compose.yml has no service ${containerNameOf(spec)}`);
  return envOf(service);
}

/** `dns:///kitchen-service:50052` → the compose service it names and the port it dials. */
function grpcTarget(address: string): { host: string; port: string } {
  const match = /^dns:\/\/\/([^:]+):(\d+)$/.exec(address);
  if (!match) throw new Error(`not a dns:/// gRPC address: ${address}`);
  return { host: match[1], port: match[2] };
}

describe.each(PROCESSES.map((spec) => [containerNameOf(spec), spec] as const))('compose service %s', (_name, spec) => {
  it('sets only variables its config schema knows (a typo would be silently ignored otherwise)', () => {
    const unknown = Object.keys(containerEnv(spec)).filter((name) => !knownVariables(spec)(name));
    expect(unknown).toEqual([]);
  });

  it('sets every variable the native launcher sets, to the same value (gRPC hosts aside)', () => {
    const env = containerEnv(spec);
    for (const [name, nativeValue] of Object.entries(spec.env(NATIVE_PORTS))) {
      expect(env[name], name).toBeDefined();
      if (name.endsWith('_GRPC_ADDRESS')) expect(grpcTarget(env[name]).port, name).toBe(grpcTarget(nativeValue).port);
      else expect(env[name], name).toBe(nativeValue);
    }
  });

  it('binds every interface it serves on, since the apps bind loopback by default', () => {
    expect(hostVariablesOf(spec).map((name) => [name, containerEnv(spec)[name]])).toEqual(hostVariablesOf(spec).map((name) => [name, '0.0.0.0']));
  });

  it("uses its own service's database and user on the compose PostgreSQL", () => {
    const url = new URL(withDefaults(containerEnv(spec).DATABASE_URL));
    expect([url.hostname, url.port, url.pathname, url.username]).toEqual(['postgres', '5432', `/${spec.service}_db`, `${spec.service}_user`]);
    const passwordVariable = `${spec.service.toUpperCase()}_DB_PASSWORD`;
    expect(containerEnv(spec).DATABASE_URL).toContain(`\${${passwordVariable}:-${spec.service}_pass}`);
    expect(envOf(compose.services.postgres)[passwordVariable]).toBe(`\${${passwordVariable}:-${spec.service}_pass}`);
  });

  it("reaches Kafka through the broker's listener for containers", () => {
    const advertised = String(envOf(compose.services.kafka).KAFKA_ADVERTISED_LISTENERS);
    const internal = /INTERNAL:\/\/([^,]+)/.exec(advertised)?.[1];
    expect(containerEnv(spec).KAFKA_BROKERS).toBe(internal);
  });
});

describe('gRPC addresses in compose', () => {
  it("name the compose service that serves them, on the port that service's GRPC_PORT opens", () => {
    const order = containerEnv(PROCESSES.find((spec) => spec.service === 'order' && spec.role === 'api')!);
    for (const name of ['KITCHEN_GRPC_ADDRESS', 'ACCOUNTING_GRPC_ADDRESS']) {
      const { host, port } = grpcTarget(order[name]);
      expect(compose.services[host], `${name} → ${host}`).toBeDefined();
      expect(envOf(compose.services[host]).GRPC_PORT, name).toBe(port);
    }
  });
});
