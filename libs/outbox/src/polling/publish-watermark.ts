import type { Claim, WatermarkQuery } from '../schema/outbox-store';

const greater = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/**
 * The highest sequence below which every outbox row is final (committed or rolled back), so
 * publishing in sequence order up to it can neither skip a row nor put one out of order.
 *
 * Each claim returns the sequence's last value L, read after its snapshot was taken; the next
 * claim's snapshot lists the transactions R running after L was read. A transaction gets its xid
 * before it draws a sequence value (the `txid` column's default comes first in the table), so
 * every row numbered ≤ L belongs to a transaction that had ended or is in R. Once all of R has
 * ended, L is final. The claim itself checks that against its own snapshot (outbox-store.ts), so
 * a new row is claimable by the second claim after its commit; a long transaction delays it.
 * The relay's own claiming transactions write no outbox rows and are left out of R.
 */
export class PublishWatermark {
  private state: WatermarkQuery = { safe: '0' };

  /** True while a candidate waits for its transactions: claim again soon rather than back off. */
  get isAdvancing(): boolean {
    const { safe, pending, lastSeen } = this.state;
    return pending !== undefined || (lastSeen !== undefined && greater(lastSeen, safe));
  }

  /** What the next claim needs to know. */
  query(): WatermarkQuery {
    return this.state;
  }

  /** Learns from a claim: what it proved final, and the new candidate it saw. */
  learn(claim: Claim): void {
    const safe = claim.upTo;
    let pending = this.state.pending && greater(this.state.pending.last, safe) ? this.state.pending : undefined;
    const candidate = this.state.lastSeen;
    if (!pending && candidate !== undefined && greater(candidate, safe)) pending = { last: candidate, running: claim.running };
    this.state = { safe, pending, lastSeen: claim.lastSequence };
  }
}
