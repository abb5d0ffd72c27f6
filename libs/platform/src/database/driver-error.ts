/**
 * The errors wrapped inside `error`: TypeORM's QueryFailedError keeps the driver's error, `cause`
 * wraps, and AggregateError lists one error per address tried (Node tries IPv6 and IPv4 for
 * `localhost`).
 */
export function causesOf(error: object): unknown[] {
  const causes: unknown[] = [];
  if ('driverError' in error) causes.push(error.driverError);
  if ('cause' in error) causes.push(error.cause);
  if (error instanceof AggregateError) causes.push(...error.errors);
  return causes;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The PostgreSQL SQLSTATE (`22P05`, `23505`, `08006` …) of `error` or of the first error it wraps
 * that has one; undefined for errors that did not come from the server (Node's `ECONNREFUSED` is
 * a `code` too, but not five upper-case characters).
 */
export function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  if ('code' in error && typeof error.code === 'string' && SQLSTATE.test(error.code)) return error.code;
  for (const cause of causesOf(error)) {
    const state = sqlStateOf(cause, depth + 1);
    if (state) return state;
  }
  return undefined;
}
