import { beforeAll, describe, expect, it } from 'vitest';
import { hostVariablesOf, NATIVE_PORTS, PROCESSES, type ProcessSpec } from '../dev/services';
import { loadVariableCheck, type VariableCheck } from '../registry/process-variables';
import { serviceEntry } from '../registry/service-registry';
import { containerNameOf, envOf, loadCompose, withDefaults } from './compose-model';

const compose = loadCompose();
let isKnown: VariableCheck;
beforeAll(async () => {
  isKnown = await loadVariableCheck();
});

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
    const unknown = Object.keys(containerEnv(spec)).filter((name) => !isKnown(spec, name));
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
  it.each(PROCESSES.filter((spec) => spec.role === 'api' && serviceEntry(spec.service).calls.length > 0).map((spec) => [spec.service, spec] as const))(
    "of %s name the compose service that serves them, on the port that service's GRPC_PORT opens",
    (_service, spec) => {
      const env = containerEnv(spec);
      for (const callee of serviceEntry(spec.service).calls) {
        const name = `${callee.toUpperCase()}_GRPC_ADDRESS`;
        const { host, port } = grpcTarget(env[name]);
        expect(host, name).toBe(`${callee}-service`);
        expect(envOf(compose.services[host]).GRPC_PORT, name).toBe(port);
      }
    },
  );
});
