import { Client } from 'pg';

/**
 * A connection of the relay's session (leader lock, claims). The claim must walk the pending
 * index in sequence order and stop after one batch. Without fresh statistics (a new table, a
 * burst the autovacuum has not analysed yet) the planner believes few rows are pending and
 * prefers fetching them all and sorting them — on a 20 000-row backlog, 200 ms per claim, growing
 * with the backlog. Sorts and bitmap scans are therefore off for these connections: the ordered
 * index scan is then the plan whatever the statistics say (polling/claim-plan.int.spec.ts).
 */
export function relayConnection(databaseUrl: string): Client {
  return new Client({ connectionString: databaseUrl, options: '-c enable_sort=off -c enable_bitmapscan=off' });
}
