import { describe, expect, it } from 'vitest';
import { loadOrderConfig } from './order.config';

const required = { DATABASE_URL: 'postgres://order_user:pw@127.0.0.1:5432/order_db', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadOrderConfig', () => {
  it('fills in the contract defaults: port 3001, kitchen and accounting addresses, one breaker config each', () => {
    const config = loadOrderConfig(required);
    expect(config).toMatchObject({ HTTP_PORT: 3001, KAFKA_CONSUMER_GROUP: 'order-service' });
    expect(config.kitchen).toMatchObject({ address: 'dns:///127.0.0.1:50052', timeoutMs: 1_000 });
    expect(config.accounting.address).toBe('dns:///127.0.0.1:50053');
  });

  it('gives every pending state a five-minute deadline by default, polled every second, each configurable', () => {
    expect(loadOrderConfig(required)).toMatchObject({
      APPROVAL_DEADLINE_MS: 300_000,
      CANCEL_DEADLINE_MS: 300_000,
      REVISION_DEADLINE_MS: 300_000,
      DEADLINE_POLL_INTERVAL_MS: 1_000,
    });
    expect(loadOrderConfig({ ...required, CANCEL_DEADLINE_MS: '4000' }).CANCEL_DEADLINE_MS).toBe(4_000);
    expect(() => loadOrderConfig({ ...required, APPROVAL_DEADLINE_MS: '0' })).toThrow(/APPROVAL_DEADLINE_MS/);
  });

  it('reads breaker tuning from KITCHEN_GRPC_* and names every bad variable in one error', () => {
    expect(loadOrderConfig({ ...required, KITCHEN_GRPC_RESET_TIMEOUT_MS: '2500' }).kitchen.resetTimeoutMs).toBe(2_500);
    expect(() => loadOrderConfig({ DATABASE_URL: 'mysql://x', KAFKA_BROKERS: '127.0.0.1:9092', HTTP_PORT: 'eighty' })).toThrow(
      /DATABASE_URL[\s\S]*HTTP_PORT|HTTP_PORT[\s\S]*DATABASE_URL/,
    );
    expect(() => loadOrderConfig({ ...required, KITCHEN_GRPC_TIMEOUT_MS: '-5' })).toThrow(/KITCHEN_GRPC_TIMEOUT_MS/);
  });
});
