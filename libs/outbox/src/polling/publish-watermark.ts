import type { Claim, WatermarkQuery } from '../schema/outbox-store';

const greater = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/**
 * The highest sequence below which every outbox row is final (committed or rolled back), so
 * publishing in sequence order up to it can neither skip a row nor put one out of order.
 *
 * Each claim first reads the sequence's last value L, then takes its own xid C. A transaction gets
 * its xid before it draws a sequence value (the `txid` column's default comes first in the table),
 * so every row numbered ≤ L belongs to a transaction whose xid is below C. Once every transaction
 * below C has ended, L is final. The claim checks that against its own snapshot (outbox-store.ts),
 * and only below the snapshot's xmax: a snapshot does not list a transaction that started after
 * the newest completed one, although it runs. With nothing else running a row is claimable by the
 * first claim after its commit; a long transaction delays it until a later claim sees it gone.
 * The relay's own claiming transactions write no outbox rows and are left out.
 */
export class PublishWatermark {
  private state: WatermarkQuery = { safe: '0' };

  /** True while a candidate waits for its transactions: claim again soon rather than back off. */
  get isAdvancing(): boolean {
    const { safe, pending, lastSeen } = this.state;
    return pending !== undefined || (lastSeen !== undefined && greater(lastSeen, safe));
  }

  /** What the next claim needs to know, with the sequence's last value read just before it. */
  query(lastSequence: string): WatermarkQuery {
    this.state = { ...this.state, lastSeen: lastSequence };
    return this.state;
  }

  /** Learns from a claim: what it proved final, and whether its candidate waits for running transactions. */
  learn(claim: Claim): void {
    const safe = claim.upTo;
    let pending = this.state.pending && greater(this.state.pending.last, safe) ? this.state.pending : undefined;
    const candidate = this.state.lastSeen;
    if (!pending && candidate !== undefined && greater(candidate, safe)) pending = { last: candidate, below: claim.xid };
    this.state = { safe, pending, lastSeen: candidate };
  }
}
