import { dependencyConfigFromEnv } from '@ftgo/resilience';

/** The prefixes under which the order service tunes its two guarded gRPC dependencies. */
const ORDER_DEPENDENCY_PREFIXES = ['KITCHEN_GRPC', 'ACCOUNTING_GRPC'];

/**
 * Whether libs/resilience reads this variable (e.g. KITCHEN_GRPC_TIMEOUT_MS). Asked of the library
 * itself rather than copied: a variable is read exactly when a nonsense value for it is reported
 * by name. A misspelt one (KITCHEN_GRPC_TIMEOUT) is ignored by the parser, so it is not read.
 */
export function isReadByOrderResilience(name: string): boolean {
  const prefix = ORDER_DEPENDENCY_PREFIXES.find((candidate) => name.startsWith(`${candidate}_`));
  if (!prefix) return false;
  try {
    dependencyConfigFromEnv(prefix, { [`${prefix}_ADDRESS`]: 'dns:///probe:1', [name]: 'not-a-valid-value' });
    return false;
  } catch (error) {
    return (error as Error).message.includes(name);
  }
}
