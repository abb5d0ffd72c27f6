import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { type PublishOutcome, publishRows } from '../publisher/publish-rows';
import { type RelayContext, retryPolicyOf } from '../relay/relay-context';
import { beginClaim, type Claim, claimBatch, markHeld, NO_LIMIT, recordRejections, unclaim } from '../schema/outbox-store';
import { PublishWatermark } from './publish-watermark';

interface Batch {
  connection: Client;
  claim: Claim;
  sending: Promise<PublishOutcome>;
  stopTimer: () => void;
}

export type Progress = 'full' | 'some' | 'none';

/**
 * Claim → publish → commit, two batches deep: while Kafka acknowledges batch n, batch n + 1 is
 * already claimed on the other connection (its claim skips the rows n holds locked). Sends stay
 * one at a time and in claim order, so Kafka sees the rows in sequence order; a batch commits
 * only after Kafka acknowledged it. Kafka unreachable: both open batches roll back, nothing is
 * lost. A refused message: its batch is settled row by row, and the batch claimed behind it is
 * rolled back and claimed again (it may hold later rows of the refused message's aggregate).
 */
export class ClaimPipeline {
  private readonly watermark = new PublishWatermark();
  private inFlight?: Batch;
  private next = 0;

  constructor(
    private readonly connections: [Client, Client],
    private readonly context: RelayContext,
    /** Log-tailing's first start: only the rows visible in this snapshot, in sequence order. */
    private readonly visibleIn?: string,
  ) {}

  get isAdvancing(): boolean {
    return this.visibleIn === undefined && this.watermark.isAdvancing;
  }

  /** Claims the next batch (while the one in flight is being sent), then settles the one in flight. */
  async step(): Promise<Progress> {
    const connection = this.connections[this.next];
    this.next = 1 - this.next;
    const start = await beginClaim(connection);
    let claim: Claim;
    try {
      const watermark = this.visibleIn ? { safe: NO_LIMIT } : this.watermark.query(start.lastSequence);
      const ownXids = this.inFlight ? [this.inFlight.claim.xid] : [];
      claim = await claimBatch(connection, this.context.config.OUTBOX_BATCH_SIZE, watermark, ownXids, start, this.visibleIn);
      if (!this.visibleIn) this.watermark.learn(claim);
      const refused = this.inFlight ? await this.settle(this.inFlight) : false;
      if (refused || claim.rows.length === 0) {
        // Behind a refused message the claim may hold its aggregate's later rows: claim them again.
        await connection.query('ROLLBACK');
        return refused ? 'some' : 'none';
      }
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const stopTimer = relayMetrics.batchDuration.startTimer();
    const publishable = claim.rows.filter((row) => !row.held);
    this.inFlight = { connection, claim, sending: publishRows(this.context.publisher, publishable), stopTimer };
    // Keep a rejection observed until settle() awaits it.
    this.inFlight.sending.catch(() => undefined);
    return claim.rows.length >= this.context.config.OUTBOX_BATCH_SIZE ? 'full' : 'some';
  }

  /** Settles the batch in flight, if any: on stop, and before waiting idle. */
  async drain(): Promise<void> {
    if (this.inFlight) await this.settle(this.inFlight);
  }

  /** After a failure: whatever is open rolls back, its rows stay pending. */
  async abandon(): Promise<void> {
    const batch = this.inFlight;
    this.inFlight = undefined;
    if (batch) {
      await batch.sending.catch(() => undefined);
      await batch.connection.query('ROLLBACK').catch(() => undefined);
    }
  }

  /** Returns true when Kafka refused a message of the batch. */
  private async settle(batch: Batch): Promise<boolean> {
    this.inFlight = undefined;
    let outcome: PublishOutcome;
    try {
      outcome = await batch.sending;
    } catch (error) {
      await batch.connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const { connection, claim } = batch;
    await markHeld(connection, claim.rows.filter((row) => row.held));
    await unclaim(connection, outcome.held);
    const failed = await recordRejections(connection, outcome.rejected, retryPolicyOf(this.context.config));
    // Committed before the next send starts: a relay killed at any moment republishes at most one batch.
    await connection.query('COMMIT');
    batch.stopTimer();
    relayMetrics.published.inc({ mode: 'polling' }, outcome.published.length);
    if (outcome.rejected.length === 0) return false;
    relayMetrics.publishFailures.inc({ kind: 'rejected' }, outcome.rejected.length);
    this.context.logger.warn('kafka refused messages', { rejected: outcome.rejected.length, failed });
    return true;
  }
}
