import type { ClientBase } from 'pg';

interface Observation {
  /** The highest sequence value drawn when observed. */
  lastSequence: string;
  /** The transactions running right after: among them, any that may still commit a lower sequence. */
  running: string[];
}

/**
 * The highest sequence below which every outbox row is final (committed or rolled back), so
 * publishing in sequence order up to it can neither skip a row nor put one out of order.
 *
 * Each poll reads the sequence's last value L, then the running transactions R. A transaction
 * gets its xid before it draws a sequence value (the `txid` column's default comes first in the
 * table), so every row numbered ≤ L belongs to a transaction that had ended or was in R. Once all
 * of R has ended, L is safe. Usually R ends by the next poll; a long transaction delays it.
 */
export class PublishWatermark {
  private safe = '0';
  private pending?: Observation;

  /** True while an observation waits for its transactions: poll again soon rather than back off. */
  get isAdvancing(): boolean {
    return this.pending !== undefined;
  }

  /** Call inside the claim transaction, before claiming: returns the sequence the claim may reach. */
  async advance(client: ClientBase): Promise<string> {
    if (this.pending && (await allEnded(client, this.pending.running))) this.promote(this.pending);
    if (!this.pending) {
      const observed = await observe(client);
      if (observed.running.length === 0) this.promote(observed);
      else this.pending = observed;
    }
    return this.safe;
  }

  private promote(observation: Observation): void {
    this.safe = observation.lastSequence;
    this.pending = undefined;
  }
}

async function observe(client: ClientBase): Promise<Observation> {
  // Two statements, in this order: the snapshot of the second is taken after L was read.
  const { rows } = await client.query<{ last: string | null }>(
    `SELECT pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence')::regclass)::text AS last`,
  );
  const running = await client.query<{ xids: string[] }>(
    `SELECT array(SELECT pg_snapshot_xip(pg_current_snapshot()))::text[] AS xids`,
  );
  return { lastSequence: rows[0].last ?? '0', running: running.rows[0].xids };
}

async function allEnded(client: ClientBase, xids: string[]): Promise<boolean> {
  const { rows } = await client.query<{ ended: boolean }>(
    `SELECT NOT ($1::xid8[] && array(SELECT pg_snapshot_xip(pg_current_snapshot()))) AS ended`,
    [xids],
  );
  return rows[0].ended;
}
