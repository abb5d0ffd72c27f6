import { ConfigError } from '@ftgo/platform';
import { describe, expect, it } from 'vitest';
import { loadAccountingConfig } from './accounting.config';

const required = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/accounting_db', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadAccountingConfig', () => {
  it('fills in the contract defaults: HTTP 3003, gRPC 50053 on loopback, a 500.00 USD default limit', () => {
    expect(loadAccountingConfig(required)).toMatchObject({
      HTTP_PORT: 3003,
      GRPC_PORT: 50053,
      GRPC_HOST: '127.0.0.1',
      ACCOUNT_DEFAULT_LIMIT_MINOR: 50_000,
      ACCOUNT_DEFAULT_CURRENCY: 'USD',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
    });
  });

  it('refuses a bad limit and currency with an error naming each variable', () => {
    const parse = () =>
      loadAccountingConfig({ ...required, ACCOUNT_DEFAULT_LIMIT_MINOR: '-1', ACCOUNT_DEFAULT_CURRENCY: 'usd' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/ACCOUNT_DEFAULT_LIMIT_MINOR[\s\S]*ACCOUNT_DEFAULT_CURRENCY: must be an ISO 4217 code/);
  });
});
