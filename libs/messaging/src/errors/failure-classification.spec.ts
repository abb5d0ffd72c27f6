import { InvalidEventPayloadError } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './failure-classification';
import { PermanentError } from './permanent-error';

/** What TypeORM throws for a failed query: the driver's error, with its SQLSTATE, inside. */
function queryFailed(code: string, message = 'query failed'): Error {
  return Object.assign(new Error(message), { name: 'QueryFailedError', driverError: Object.assign(new Error(message), { code }) });
}

describe('classifyFailure', () => {
  it('dead-letters at once what the message carried: our permanent errors, data exceptions, constraint violations, values too large', () => {
    for (const error of [
      new PermanentError('no'),
      new InvalidEventPayloadError('bad'),
      queryFailed('22P05', 'unsupported Unicode escape sequence'),
      queryFailed('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      queryFailed('22003', 'numeric field overflow'),
      queryFailed('23505', 'duplicate key value violates unique constraint'),
      queryFailed('23502', 'null value in column violates not-null constraint'),
      queryFailed('54000', 'index row size exceeds maximum'),
    ]) {
      expect(classifyFailure(error), error.message).toBe('permanent');
    }
  });

  it('waits without limit for an infrastructure that cannot serve anyone: connection, resources, operator intervention, network', () => {
    for (const error of [
      queryFailed('08006', 'connection failure'),
      queryFailed('53300', 'too many connections'),
      queryFailed('53100', 'disk full'),
      queryFailed('57P01', 'terminating connection due to administrator command'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('There is no leader for this topic-partition'), { name: 'KafkaJSProtocolError', retriable: true }),
    ]) {
      expect(classifyFailure(error), error.message).toBe('unavailable');
    }
  });

  it('retries up to the budget anything else: bugs, serialization failures, lock and statement timeouts, non-retriable Kafka errors', () => {
    for (const error of [
      new TypeError('x is undefined'),
      queryFailed('40001', 'could not serialize access'),
      queryFailed('55P03', 'could not obtain lock'),
      queryFailed('57014', 'canceling statement due to statement timeout'),
      queryFailed('42P01', 'relation does not exist'),
      Object.assign(new Error('The request included a message larger than the max message size'), {
        name: 'KafkaJSProtocolError',
        retriable: false,
      }),
    ]) {
      expect(classifyFailure(error), error.message).toBe('unknown');
    }
  });
});
