import { Client } from 'pg';
import type { RelayContext } from '../relay/relay-context';
import { type LogPosition, readLogPositions, recordSlot, retireLogPosition } from '../schema/log-position';

/**
 * Makes sure the publication (inserts into the outbox table only), the slot and its log position
 * exist, and returns the position. Names are validated identifiers (relay-config.ts), so quoting
 * them is enough.
 *
 * A new slot is created together with an exported snapshot of its consistent point: the rows
 * visible in that snapshot are exactly the rows the slot will never stream, to be published once
 * from the table, and every later row comes through the slot — none twice, none missed.
 */
export async function prepareReplication(session: Client, context: RelayContext): Promise<LogPosition> {
  const { OUTBOX_PUBLICATION_NAME: publication, OUTBOX_SLOT_NAME: slot } = context.config;
  const published = await session.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (published.rowCount === 0) {
    await session.query(`CREATE PUBLICATION "${publication}" FOR TABLE outbox_message WITH (publish = 'insert')`);
  }
  const positions = await readLogPositions(session);
  for (const other of positions.filter((position) => position.slotName !== slot)) {
    // The slot was renamed in the configuration: the old one's published rows become `sent` rows.
    await retireLogPosition(session, other);
  }
  let mine = positions.find((position) => position.slotName === slot);
  const existing = await session.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  if (mine && existing.rowCount === 0) {
    context.logger.warn('the replication slot is gone: starting a new one', { slot });
    await retireLogPosition(session, mine);
    mine = undefined;
  }
  if (mine) return mine;
  if (existing.rowCount) {
    // A slot with no recorded start (an interrupted first start, or an older relay version): its
    // stream cannot be matched to the table, so start over; pending rows are published from the table.
    await session.query('SELECT pg_drop_replication_slot($1)', [slot]);
  }
  await createSlot(session, context.config.DATABASE_URL, slot);
  context.logger.info('created the replication slot', { slot });
  const [created] = (await readLogPositions(session)).filter((position) => position.slotName === slot);
  return created;
}

async function createSlot(session: Client, databaseUrl: string, slot: string): Promise<void> {
  const replication = new Client({ connectionString: databaseUrl, replication: 'database' } as ConstructorParameters<typeof Client>[0]);
  await replication.connect();
  try {
    const { rows } = await replication.query<{ snapshot_name: string }>(`CREATE_REPLICATION_SLOT "${slot}" LOGICAL pgoutput (SNAPSHOT 'export')`);
    // The exported snapshot lives while the replication connection stays open and idle.
    await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await session.query(`SET TRANSACTION SNAPSHOT '${rows[0].snapshot_name}'`);
      const { rows: snapshot } = await session.query<{ text: string }>('SELECT pg_current_snapshot()::text AS text');
      await recordSlot(session, slot, snapshot[0].text);
      await session.query('COMMIT');
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await replication.end().catch(() => undefined);
  }
}
