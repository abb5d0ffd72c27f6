import { causesOf } from './driver-error';

/** The socket to PostgreSQL could not be opened or was lost. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // The server's name does not resolve: a stopped compose container, a rescheduled pod.
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that say the server cannot serve us right now, whatever we asked: class 08
 * (connection exception), 57P01–57P05 (admin or crash shutdown, starting up, database dropped,
 * idle-session timeout) and 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0\d|53300)$/;

/** What node-postgres and its pool say, without a code, when the connection ends or never comes. */
const CONNECTION_LOST_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout" (the pool's)
  /^timeout expired$/, // a client's connectionTimeoutMillis
  /^timeout exceeded when trying to connect$/, // every pooled connection busy for the pool's timeout
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

function saysUnavailable(error: object): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return CONNECTION_LOST_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when `error` means "PostgreSQL cannot serve this request now" — refused, reset or lost
 * connections, pool and connect timeouts, a server shutting down or starting up — so the answer
 * is 503 (gRPC: UNAVAILABLE) and a retry later may succeed. False for everything the request
 * itself caused (constraint violations, invalid input, a missing table): retrying those never
 * helps. Looks through TypeORM's and Node's wrappers to the driver's error.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  return saysUnavailable(error) || causesOf(error).some((cause) => isDatabaseUnavailable(cause, depth + 1));
}

/**
 * `error instanceof DatabaseUnavailable` is `isDatabaseUnavailable(error)`. Nest selects an
 * exception filter by `instanceof` against its `@Catch()` classes, and the driver's errors have no
 * class of their own to catch, so `@Catch(DatabaseUnavailable)` selects exactly these errors —
 * in HTTP and RPC filters alike — and no filter's order matters.
 */
export abstract class DatabaseUnavailable {
  static [Symbol.hasInstance](error: unknown): boolean {
    return isDatabaseUnavailable(error);
  }
}
