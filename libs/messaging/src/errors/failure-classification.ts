import { isDatabaseUnavailable, sqlStateOf } from '@ftgo/platform';
import { isPermanent } from './permanent-error';

/**
 * What a failed attempt at a message says about the next one:
 *
 * - `permanent`: the message itself is the cause and will fail the same way every time, so it is
 *   dead-lettered at once.
 * - `unavailable`: the infrastructure is the cause (PostgreSQL or Kafka cannot serve anyone right
 *   now); retried without limit, because dead-lettering every message of an outage would empty
 *   the topics into their DLTs. The partition is reported stuck after a few attempts.
 * - `unknown`: anything else (a bug, a lock timeout, a serialization failure); retried with
 *   backoff up to the retry budget, then dead-lettered with the attempts it took.
 */
export type FailureKind = 'permanent' | 'unavailable' | 'unknown';

/**
 * SQLSTATE classes caused by the values the message carried: 22 data exception (invalid text
 * such as a NUL, a number out of range, a bad date), 23 integrity constraint violation (not-null,
 * check, unique or foreign key on the message's own data) and 54 program limit exceeded (a value
 * too large for an index or a row).
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '54']);

/**
 * SQLSTATE classes of a server that cannot work now, whatever it is asked: 08 connection
 * exception, 53 insufficient resources (disk full, out of memory, too many connections), 57
 * operator intervention (shutdown, crash, starting up) and 58 system error (I/O). 57014 is not one
 * of them: a cancelled or timed-out statement may well be this message's slow query.
 */
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const QUERY_CANCELED = '57014';

/** kafkajs marks the errors a retry may cure (leader moved, broker not available, timeouts). */
function isRetriableKafkaError(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('KafkaJS') && (error as { retriable?: boolean }).retriable === true;
}

export function classifyFailure(error: unknown): FailureKind {
  if (isPermanent(error)) return 'permanent';
  const state = sqlStateOf(error);
  if (state && PERMANENT_SQLSTATE_CLASSES.has(state.slice(0, 2))) return 'permanent';
  if (state && state !== QUERY_CANCELED && UNAVAILABLE_SQLSTATE_CLASSES.has(state.slice(0, 2))) return 'unavailable';
  if (!state && isDatabaseUnavailable(error)) return 'unavailable';
  if (isRetriableKafkaError(error)) return 'unavailable';
  return 'unknown';
}
