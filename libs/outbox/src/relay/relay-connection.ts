import { Client } from 'pg';

/**
 * A connection of the relay (its session, claims, and the pool for side work), with two settings:
 *
 * `synchronous_commit = off`: the relay's commits (rows marked sent, attempts counted) do not
 * wait for the WAL to reach the disk. They only record what Kafka already acknowledged, so losing
 * the last few hundred milliseconds of them in a database crash republishes those messages
 * (at-least-once, deduplicated by the consumers) and loses nothing.
 *
 * Sorts and bitmap scans off: the claim must walk the pending
 * index in sequence order and stop after one batch. Without fresh statistics (a new table, a
 * burst the autovacuum has not analysed yet) the planner believes few rows are pending and
 * prefers fetching them all and sorting them — on a 20 000-row backlog, 200 ms per claim, growing
 * with the backlog. Without those two plan types the ordered index scan is the plan whatever the
 * statistics say (polling/claim-plan.int.spec.ts).
 */
export const RELAY_CONNECTION_OPTIONS = '-c synchronous_commit=off -c enable_sort=off -c enable_bitmapscan=off';

export function relayConnection(databaseUrl: string): Client {
  return new Client({ connectionString: databaseUrl, options: RELAY_CONNECTION_OPTIONS });
}
