import { ConfigError } from '@ftgo/platform';
import { describe, expect, it } from 'vitest';
import { loadRelayConfig } from './relay-config';

describe('loadRelayConfig', () => {
  it('defaults to polling with the seed note\'s one-day retention', () => {
    const config = loadRelayConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' });
    expect(config).toMatchObject({
      OUTBOX_RELAY_MODE: 'polling',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9093'],
      OUTBOX_RETENTION_AGE_MS: 86_400_000,
    });
  });

  it('names every bad variable in one readable error', () => {
    const load = () =>
      loadRelayConfig({ KAFKA_BROKERS: 'nope', OUTBOX_RELAY_MODE: 'cdc', OUTBOX_BATCH_SIZE: '0', OUTBOX_SLOT_NAME: 'Bad-Name' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_URL[\s\S]*KAFKA_BROKERS[\s\S]*OUTBOX_RELAY_MODE[\s\S]*OUTBOX_BATCH_SIZE[\s\S]*OUTBOX_SLOT_NAME/);
  });
});
