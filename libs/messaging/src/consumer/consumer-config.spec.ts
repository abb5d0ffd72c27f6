import { describe, expect, it } from 'vitest';
import { deadLetterTopicOf, parseConsumerConfig } from './consumer-config';

describe('parseConsumerConfig', () => {
  it('fills production defaults: track message ids, 7-day retention, retries up to 30 s apart and 8 attempts', () => {
    const config = parseConsumerConfig({ groupId: 'kitchen-service' });
    expect(config).toMatchObject({
      groupId: 'kitchen-service',
      idempotency: 'track-message-ids',
      concurrency: 3,
      retry: { initialDelayMs: 200, maxDelayMs: 30_000, multiplier: 2, maxAttempts: 8 },
      stuckAfterRetries: 3,
      lagIntervalMs: 10_000,
      retention: { maxAgeMs: 7 * 24 * 60 * 60 * 1000, batchSize: 1_000 },
    });
  });

  it('names every wrong setting in one readable error', () => {
    const parse = () => parseConsumerConfig({ groupId: '', concurrency: 0, retry: { multiplier: 0.5 } });
    expect(parse).toThrow(/Invalid consumer configuration/);
    expect(parse).toThrow(/groupId: .*\n.*concurrency: .*\n.*retry\.multiplier: /);
  });
});

describe('deadLetterTopicOf', () => {
  it('gives each consumer group its own dead-letter topic per source topic', () => {
    expect(deadLetterTopicOf('order.events', 'kitchen-service')).toBe('order.events.kitchen-service.dlt');
  });
});
