import { ConfigError } from '@ftgo/platform';
import { describe, expect, it } from 'vitest';
import { dependencyConfigFromEnv } from './dependency-config';

describe('dependencyConfigFromEnv', () => {
  it('reads one dependency from prefixed variables and fills in the defaults', () => {
    const config = dependencyConfigFromEnv('KITCHEN_GRPC', {
      KITCHEN_GRPC_ADDRESS: 'kitchen-service:50051',
      KITCHEN_GRPC_TIMEOUT_MS: '750',
      KITCHEN_GRPC_CAPACITY: '8',
    });
    expect(config).toEqual({
      address: 'kitchen-service:50051',
      timeoutMs: 750,
      capacity: 8,
      bulkheadWaitMs: 1_000,
      errorThresholdPercentage: 50,
      volumeThreshold: 10,
      rollingWindowMs: 10_000,
      resetTimeoutMs: 10_000,
      readRetries: 2,
      retryBaseDelayMs: 50,
      retryMaxDelayMs: 500,
    });
  });

  it('names every bad variable by its environment name in one error', () => {
    const attempt = () =>
      dependencyConfigFromEnv('KITCHEN_GRPC', {
        KITCHEN_GRPC_ADDRESS: 'http://kitchen',
        KITCHEN_GRPC_CAPACITY: '0',
        KITCHEN_GRPC_TIMEOUT_MS: 'soon',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KITCHEN_GRPC_ADDRESS: must be host:port/);
    expect(attempt).toThrow(/KITCHEN_GRPC_CAPACITY: /);
    expect(attempt).toThrow(/KITCHEN_GRPC_TIMEOUT_MS: /);
  });

  it('reports a missing address with an example', () => {
    expect(() => dependencyConfigFromEnv('ACCOUNTING_GRPC', {})).toThrow(/ACCOUNTING_GRPC_ADDRESS: is required \(host:port/);
  });
});
