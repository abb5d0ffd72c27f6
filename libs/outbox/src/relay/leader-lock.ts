import type { ClientBase } from 'pg';

/**
 * One active relay per database: a session-level advisory lock. It is held by the relay's
 * connection, so it frees itself the moment that session ends, however the process died
 * (SIGKILL, OOM, lost network): a standby's next try wins it.
 */
const LOCK_SQL = `SELECT pg_try_advisory_lock(hashtext('ftgo.outbox-relay')) AS acquired`;

export async function tryBecomeLeader(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ acquired: boolean }>(LOCK_SQL);
  return rows[0].acquired;
}
