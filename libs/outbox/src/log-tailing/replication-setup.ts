import type { Client } from 'pg';

export interface ReplicationSetup {
  /** Where the slot resumes: everything committed before it was confirmed as published. */
  confirmedLsn: string;
  /** True on the first start: rows written before the slot existed are not in its stream. */
  slotCreated: boolean;
}

/**
 * Creates the publication (inserts into the outbox table only) and the named logical slot when
 * missing. Names are validated identifiers (relay-config.ts), so quoting them is enough.
 */
export async function ensureReplicationSetup(client: Client, publication: string, slot: string): Promise<ReplicationSetup> {
  const published = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (published.rowCount === 0) {
    await client.query(`CREATE PUBLICATION "${publication}" FOR TABLE outbox_message WITH (publish = 'insert')`);
  }
  const existing = await client.query<{ lsn: string }>(
    'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  if (existing.rowCount) return { confirmedLsn: existing.rows[0].lsn, slotCreated: false };
  const created = await client.query<{ lsn: string }>(
    `SELECT lsn::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')`,
    [slot],
  );
  return { confirmedLsn: created.rows[0].lsn, slotCreated: true };
}
