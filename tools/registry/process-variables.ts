import { resolve } from 'node:path';
import { relayConfigSchema } from '@ftgo/outbox';
import { dependencyConfigFromEnv } from '@ftgo/resilience';
import type { ProcessSpec } from '../dev/services';
import { serviceEntry, SERVICES, type ServiceName } from './service-registry';

// Read by Node itself, not by the app: the heap caps that keep each process inside its memory limit.
const NODE_RUNTIME_VARIABLES = ['NODE_OPTIONS'];
// Read by the OpenTelemetry SDK (libs/platform/src/tracing), in every process.
const OPENTELEMETRY_VARIABLE = /^OTEL_[A-Z_]+$/;

interface ConfigSchema {
  shape: Record<string, unknown>;
}

/**
 * An app's config schema, the one place that says which variables it understands. Found by the
 * anatomy's names (docs/service-anatomy.md): apps/<name>-service/src/config/<name>.config.ts
 * exports <name>ConfigSchema. Deployment checks may read the apps; product code never does.
 */
export async function configSchemaOf(service: ServiceName): Promise<ConfigSchema> {
  const file = resolve(__dirname, '..', '..', 'apps', `${service}-service`, 'src', 'config', `${service}.config.ts`);
  const exported = (await import(file)) as Record<string, ConfigSchema | undefined>;
  const schema = exported[`${service}ConfigSchema`];
  if (!schema?.shape) throw new Error(`${file} exports no zod object ${service}ConfigSchema`);
  return schema;
}

/**
 * Whether libs/resilience reads this variable for one of the gRPC APIs the service calls (e.g.
 * order's KITCHEN_GRPC_TIMEOUT_MS). Asked of the library itself rather than copied: a variable is
 * read exactly when a nonsense value for it is reported by name. A misspelt one
 * (KITCHEN_GRPC_TIMEOUT) is ignored by the parser, so it is not read.
 */
export function isReadByResilience(service: ServiceName, name: string): boolean {
  const prefixes = serviceEntry(service).calls.map((callee: string) => `${callee.toUpperCase()}_GRPC`);
  const prefix = prefixes.find((candidate) => name.startsWith(`${candidate}_`));
  if (!prefix) return false;
  try {
    dependencyConfigFromEnv(prefix, { [`${prefix}_ADDRESS`]: 'dns:///probe:1', [name]: 'not-a-valid-value' });
    return false;
  } catch (error) {
    return (error as Error).message.includes(name);
  }
}

export type VariableCheck = (spec: ProcessSpec, name: string) => boolean;

/**
 * Whether a process reads a variable: an API its config schema's and its breakers' (libs/resilience),
 * a relay libs/outbox's relay config; every process Node's own NODE_OPTIONS and the OpenTelemetry SDK's OTEL_*. A deployment that sets
 * any other variable has a typo that the app would silently ignore.
 */
export async function loadVariableCheck(): Promise<VariableCheck> {
  const apiVariables = new Map(await Promise.all(SERVICES.map(async (service) => [service, Object.keys((await configSchemaOf(service)).shape)] as const)));
  return (spec, name) => {
    if (NODE_RUNTIME_VARIABLES.includes(name) || OPENTELEMETRY_VARIABLE.test(name)) return true;
    if (spec.role === 'relay') return name in relayConfigSchema.shape;
    return (apiVariables.get(spec.service) ?? []).includes(name) || isReadByResilience(spec.service, name);
  };
}
