import { beforeAll, describe, expect, it } from 'vitest';
import { PROCESSES } from '../dev/services';
import { configSchemaOf, isReadByResilience, loadVariableCheck, type VariableCheck } from './process-variables';
import { SERVICES } from './service-registry';

let isKnown: VariableCheck;
beforeAll(async () => {
  isKnown = await loadVariableCheck();
});
const processOf = (service: string, role: 'api' | 'relay') => PROCESSES.find((spec) => spec.service === service && spec.role === role)!;

describe('the variables a process reads', () => {
  it.each(SERVICES)("finds the %s API's config schema by the anatomy's names", async (service) => {
    expect(Object.keys((await configSchemaOf(service)).shape)).toEqual(expect.arrayContaining(['DATABASE_URL', 'HTTP_PORT', 'KAFKA_CONSUMER_GROUP']));
  });

  it("recognises the breaker tuning of the services an API calls by asking libs/resilience, so a misspelt one is rejected", () => {
    expect(isReadByResilience('order', 'KITCHEN_GRPC_TIMEOUT_MS')).toBe(true);
    expect(isReadByResilience('order', 'ACCOUNTING_GRPC_ERROR_THRESHOLD_PERCENT')).toBe(true);
    expect(isReadByResilience('order', 'KITCHEN_GRPC_TIMEOUT')).toBe(false);
    expect(isReadByResilience('order', 'PAYMENT_GRPC_TIMEOUT_MS')).toBe(false);
    expect(isReadByResilience('kitchen', 'ACCOUNTING_GRPC_TIMEOUT_MS')).toBe(false);
  });

  it("knows an API's own variables, a relay's, and Node's NODE_OPTIONS, and nothing else", () => {
    expect(isKnown(processOf('accounting', 'api'), 'ACCOUNT_DEFAULT_LIMIT_MINOR')).toBe(true);
    expect(isKnown(processOf('accounting', 'relay'), 'ACCOUNT_DEFAULT_LIMIT_MINOR')).toBe(false);
    expect(isKnown(processOf('accounting', 'relay'), 'OUTBOX_SLOT_NAME')).toBe(true);
    expect(isKnown(processOf('kitchen', 'api'), 'NODE_OPTIONS')).toBe(true);
    expect(isKnown(processOf('kitchen', 'api'), 'KITCHEN_GRPC_PORT')).toBe(false);
  });
});
