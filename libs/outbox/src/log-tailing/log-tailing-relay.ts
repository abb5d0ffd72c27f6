import { backoffDelayMs } from '@ftgo/platform/standalone';
import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { ClaimPipeline } from '../polling/claim-pipeline';
import { pollUntilStopped } from '../polling/polling-relay';
import { isKafkaOutage } from '../publisher/publish-error';
import type { RelayContext } from '../relay/relay-context';
import { relayConnection } from '../relay/relay-connection';
import { interruptibleSleep } from '../relay/interruptible-sleep';
import { type LogPosition, markTableDrained } from '../schema/log-position';
import type { OutboxRow } from '../schema/outbox-table';
import { formatLsn, parseLsn } from './lsn';
import { PgoutputDecoder } from './pgoutput';
import { PublishedPosition } from './published-position';
import { StreamedRowPublisher } from './publish-streamed';
import { prepareReplication } from './replication-setup';
import { ReplicationStream, type StreamListener } from './replication-stream';

interface Transaction {
  rows: OutboxRow[];
  /** Rows of it already handed to a batch. */
  taken: number;
  /** Confirming this position tells PostgreSQL never to send this transaction again. */
  endLsn: bigint;
}

/**
 * Transaction log tailing: the outbox rows arrive from the WAL through a logical replication
 * slot, in commit order, as soon as they commit; nobody polls the table and nothing is written
 * to it per row. The slot's confirmed position moves only after Kafka acknowledged every row
 * before it, so a crash or restart resumes from the slot and can only repeat, never skip. The
 * log position (published-position.ts) tells the rest of the system which rows are published.
 */
export async function runLogTailing(session: Client, context: RelayContext): Promise<void> {
  const position = await prepareReplication(session, context);
  if (position.publishedSnapshot === null) {
    if (!(await publishRowsWrittenBeforeTheSlot(session, context, position.startSnapshot))) return;
    await markTableDrained(session, position.slotName);
    position.publishedSnapshot = position.startSnapshot;
  }
  const confirmed = await session.query<{ lsn: string }>('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [
    position.slotName,
  ]);
  await new LogTailingStream(session, context, position, confirmed.rows[0].lsn).run();
}

/** The rows the slot will never stream: published once from the table, as the polling relay would. Returns false when stopped first. */
async function publishRowsWrittenBeforeTheSlot(session: Client, context: RelayContext, snapshot: string): Promise<boolean> {
  const second = relayConnection(context.config.DATABASE_URL);
  await second.connect();
  try {
    const left = async () =>
      (await session.query(`SELECT EXISTS (SELECT 1 FROM outbox_message WHERE status = 'pending' AND pg_visible_in_snapshot(txid, $1)) AS left`, [snapshot]))
        .rows[0].left as boolean;
    await pollUntilStopped(new ClaimPipeline([session, second], context, snapshot), context, async () => !(await left()));
    return !context.isStopping();
  } finally {
    await second.end().catch(() => undefined);
  }
}

class LogTailingStream implements StreamListener {
  private readonly decoder = new PgoutputDecoder();
  private readonly stream: ReplicationStream;
  private readonly rows: StreamedRowPublisher;
  private readonly position: PublishedPosition;
  private open?: OutboxRow[];
  private readonly queue: Transaction[] = [];
  private queuedRows = 0;
  private sending?: Promise<void>;
  private confirmed: bigint;
  private stopping = false;
  /** A batch was not acknowledged: `taken` counts rows Kafka may not have. */
  private sendFailed = false;
  private fail: (error: unknown) => void = () => undefined;

  constructor(
    session: Client,
    private readonly context: RelayContext,
    private readonly stored: LogPosition,
    confirmedLsn: string,
  ) {
    this.stream = new ReplicationStream(context.config.DATABASE_URL);
    this.rows = new StreamedRowPublisher(session, context);
    this.position = new PublishedPosition(context.pool, stored.slotName, stored, context.config.OUTBOX_POSITION_INTERVAL_MS);
    this.confirmed = parseLsn(confirmedLsn);
  }

  async run(): Promise<void> {
    await this.rows.load();
    const ticker = setInterval(() => void this.position.advance(this.confirmed), this.context.config.OUTBOX_POSITION_INTERVAL_MS);
    try {
      await new Promise<void>((resolve, reject) => {
        this.fail = (error) => {
          this.fail = () => undefined;
          void this.stream.stop().finally(() => (this.context.isStopping() ? resolve() : reject(error)));
        };
        const unsubscribe = this.context.wake.onWake(() => {
          if (this.context.isStopping()) void this.finish().then(resolve, reject);
        });
        this.stream
          .run(this.stored.slotName, this.context.config.OUTBOX_PUBLICATION_NAME, formatLsn(this.confirmed), this)
          .then(() => resolve(), this.fail)
          .finally(unsubscribe);
      });
    } finally {
      clearInterval(ticker);
    }
  }

  onStart(): void {
    this.context.logger.info('streaming from the slot', { confirmedLsn: formatLsn(this.confirmed) });
  }

  onMessage(buffer: Buffer): void {
    if (this.stopping) return; // left unconfirmed: the next start receives it again
    let message;
    try {
      message = this.decoder.decode(buffer);
    } catch (error) {
      return this.fail(error);
    }
    if (message.tag === 'begin') this.open = [];
    else if (message.tag === 'insert') this.open?.push(message.row);
    else if (message.tag === 'commit') {
      const rows = this.open ?? [];
      this.open = undefined;
      this.queue.push({ rows, taken: 0, endLsn: message.endLsn });
      this.queuedRows += rows.length;
      // Bounded in flight: stop reading the socket while enough is waiting (the server then waits).
      if (this.queuedRows >= 4 * this.context.config.OUTBOX_BATCH_SIZE) this.stream.pause();
      this.pump();
    }
  }

  /** The server has sent everything before `walEnd`: with nothing of ours in flight, that is confirmed too. */
  onKeepalive(walEnd: bigint, replyRequested: boolean): void {
    const idle = this.open === undefined && this.queue.length === 0 && this.sending === undefined && !this.stopping;
    if (idle && walEnd > this.confirmed) {
      this.confirmed = walEnd;
      this.stream.confirm(this.confirmed);
      void this.position.advance(this.confirmed);
    } else if (replyRequested) {
      this.stream.confirm(this.confirmed);
    }
  }

  /** One batch at a time, in log order: while it is with Kafka, the next transactions are decoded. */
  private pump(): void {
    if (this.sending || this.queue.length === 0 || this.stopping) return;
    const batch = this.takeBatch();
    if (this.queuedRows < 2 * this.context.config.OUTBOX_BATCH_SIZE) this.stream.resume();
    this.sending = this.send(batch).then(
      () => {
        this.sending = undefined;
        this.pump();
      },
      (error: unknown) => {
        this.sendFailed = true;
        this.fail(error);
      },
    );
  }

  /** Up to a batch of rows, whole transactions where they fit; a transaction is confirmed once its last row is sent. */
  private takeBatch(): { rows: OutboxRow[]; endLsn?: bigint; txids: string[] } {
    const limit = this.context.config.OUTBOX_BATCH_SIZE;
    const rows: OutboxRow[] = [];
    const txids: string[] = [];
    let endLsn: bigint | undefined;
    while (this.queue.length > 0 && rows.length < limit) {
      const head = this.queue[0];
      const part = head.rows.slice(head.taken, head.taken + limit - rows.length);
      head.taken += part.length;
      rows.push(...part);
      if (head.taken < head.rows.length) break;
      this.queue.shift();
      endLsn = head.endLsn;
      if (head.rows.length > 0) txids.push(head.rows[0].txid);
    }
    this.queuedRows -= rows.length;
    return { rows, endLsn, txids };
  }

  private async send(batch: { rows: OutboxRow[]; endLsn?: bigint; txids: string[] }): Promise<void> {
    const stopTimer = relayMetrics.batchDuration.startTimer();
    await this.publishUntilAcknowledged(batch.rows);
    stopTimer();
    if (batch.endLsn === undefined) return;
    this.confirmed = batch.endLsn;
    this.stream.confirm(this.confirmed);
    this.position.record(batch.txids);
    void this.position.advance(this.confirmed);
  }

  private async publishUntilAcknowledged(rows: OutboxRow[]): Promise<void> {
    for (let outages = 1; ; outages++) {
      try {
        return await this.rows.publish(rows);
      } catch (error) {
        if (!isKafkaOutage(error)) throw error;
        relayMetrics.publishFailures.inc({ kind: 'outage' });
        const waitMs = backoffDelayMs(outages, {
          initialDelayMs: this.context.config.OUTBOX_RETRY_BASE_MS,
          maxDelayMs: this.context.config.OUTBOX_RETRY_MAX_MS,
          jitter: 'equal',
        });
        this.context.logger.warn('kafka unavailable, slot position held', { error: String(error), retryInMs: waitMs });
        await interruptibleSleep(waitMs, this.context.wake);
        if (this.context.isStopping()) throw error;
      }
    }
  }

  /** Stop: the batch with Kafka finishes and is confirmed, a transaction it split is sent whole, the exact log position is written. */
  private async finish(): Promise<void> {
    this.stopping = true;
    await this.sending?.catch(() => undefined);
    await this.sendRestOfSplitTransaction().catch((error: unknown) => this.context.logger.warn('could not finish a split transaction', { error: String(error) }));
    await this.position.close().catch((error: unknown) => this.context.logger.warn('could not write the log position', { error: String(error) }));
    await this.stream.stop();
  }

  /**
   * The log position covers whole transactions: one whose first rows are on Kafka and whose last
   * are not would be published again, whole, by the next relay (a switch to polling included).
   */
  private async sendRestOfSplitTransaction(): Promise<void> {
    const head = this.queue[0];
    if (!head || head.taken === 0 || this.sendFailed) return;
    while (head.taken < head.rows.length) {
      const rows = head.rows.slice(head.taken, head.taken + this.context.config.OUTBOX_BATCH_SIZE);
      head.taken += rows.length;
      const whole = head.taken === head.rows.length;
      await this.send({ rows, endLsn: whole ? head.endLsn : undefined, txids: whole ? [head.rows[0].txid] : [] });
    }
  }
}
