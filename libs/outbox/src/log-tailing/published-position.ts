import type { Pool } from 'pg';
import { type LogPosition, Snapshot, writePublished } from '../schema/log-position';
import { parseLsn } from './lsn';

interface Sample {
  snapshot: Snapshot;
  /** A WAL position written after the snapshot was taken. */
  lsn: bigint;
}

/**
 * Keeps `outbox_log_position.published_snapshot` true without writing to the outbox rows.
 *
 * A transaction visible in a snapshot has its commit record before any WAL written after that
 * snapshot was taken. So a sample — a snapshot, then a small logical message written to the WAL —
 * proves, once the slot is confirmed past that message, that every transaction the snapshot
 * shows is on Kafka: then, and only then, the sample becomes the published snapshot. (The message
 * also makes the server send a keepalive once it has read past it, so an idle stream confirms it.) Samples are taken while some published
 * transaction is not yet proven (`unproven`), at most every `intervalMs`. A transaction can be
 * decoded before other sessions see it committed; it then stays unproven until a later sample
 * shows it, which is why samples go on until every published transaction is shown.
 *
 * Stopping writes the last promoted snapshot with the ids still unproven next to it
 * (`published_xids`): the position is then exact, and a switch to polling republishes nothing.
 */
export class PublishedPosition {
  private readonly unproven = new Set<string>();
  private sample?: Sample;
  private lastSampleAt = 0;
  private needsProof = true;
  private writing: Promise<void> = Promise.resolve();
  private published: Snapshot;

  constructor(
    private readonly pool: Pool,
    private readonly slot: string,
    stored: LogPosition,
    private readonly intervalMs: number,
  ) {
    this.published = Snapshot.parse(stored.publishedSnapshot ?? stored.startSnapshot);
    // A previous run's last word: keep proving those until a snapshot shows them.
    stored.publishedXids.forEach((xid) => this.unproven.add(xid));
  }

  /** Kafka acknowledged rows of these transactions. */
  record(txids: Iterable<string>): void {
    for (const txid of txids) if (!this.published.covers(txid)) this.unproven.add(txid);
  }

  /** The slot is confirmed up to `confirmed`: promote the sample it proves, take the next one when due. Steps run one after another. */
  advance(confirmed: bigint): Promise<void> {
    this.writing = this.writing.then(() => this.step(confirmed)).catch(() => undefined);
    return this.writing;
  }

  /** The exact position, for a clean stop: everything Kafka acknowledged is covered. */
  async close(): Promise<void> {
    await this.writing;
    await writePublished(this.pool, this.slot, this.published.text, [...this.unproven]);
  }

  private async step(confirmed: bigint): Promise<void> {
    if (this.sample && this.sample.lsn <= confirmed) {
      const { snapshot } = this.sample;
      this.sample = undefined;
      for (const txid of this.unproven) if (snapshot.covers(txid)) this.unproven.delete(txid);
      this.published = snapshot;
      this.needsProof = false;
      await writePublished(this.pool, this.slot, snapshot.text, []);
    }
    const due = Date.now() - this.lastSampleAt >= this.intervalMs;
    if (!this.sample && due && (this.needsProof || this.unproven.size > 0)) {
      this.lastSampleAt = Date.now();
      // One statement: its snapshot is taken before the message is written.
      const { rows } = await this.pool.query<{ snapshot: string; lsn: string }>(
        `SELECT pg_current_snapshot()::text AS snapshot, pg_logical_emit_message(false, 'outbox-relay', '')::text AS lsn`,
      );
      this.sample = { snapshot: Snapshot.parse(rows[0].snapshot), lsn: parseLsn(rows[0].lsn) };
    }
  }
}
