import { ConfigError } from '@ftgo/platform';
import { describe, expect, it } from 'vitest';
import { loadKitchenConfig } from './kitchen.config';

const required = { DATABASE_URL: 'postgres://kitchen_user:p@127.0.0.1:5432/kitchen_db', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadKitchenConfig', () => {
  it('fills in the ports and names the services agreed on', () => {
    expect(loadKitchenConfig(required)).toMatchObject({
      HTTP_PORT: 3002,
      GRPC_PORT: 50052,
      GRPC_HOST: '127.0.0.1',
      KAFKA_CONSUMER_GROUP: 'kitchen-service',
    });
  });

  it('names every bad variable in one readable error', () => {
    const bad = { ...required, GRPC_PORT: 'fifty', KAFKA_SESSION_TIMEOUT_MS: '-1' };
    expect(() => loadKitchenConfig(bad)).toThrow(ConfigError);
    expect(() => loadKitchenConfig(bad)).toThrow(/GRPC_PORT:[\s\S]*KAFKA_SESSION_TIMEOUT_MS:/);
  });
});
