import { backoffDelayMs } from '@ftgo/platform';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { pollOnce } from '../polling/polling-relay';
import { PublishWatermark } from '../polling/publish-watermark';
import type { OutboxRow } from '../schema/outbox-table';
import type { RelayContext } from '../relay/relay-context';
import { interruptibleSleep } from '../relay/interruptible-sleep';
import { publishStreamed } from './publish-streamed';
import { lsnBefore } from './lsn';
import { ensureReplicationSetup } from './replication-setup';
import { rowFromInsert } from './streamed-row';

interface CommittedTransaction {
  rows: OutboxRow[];
  /** Confirming this position tells PostgreSQL never to send this transaction again. */
  commitEndLsn: string;
}

/**
 * Transaction log tailing: the outbox rows arrive from the WAL through a logical replication
 * slot, in commit order, as soon as they commit; nobody polls the table. The slot's confirmed
 * position moves only after Kafka acknowledged every row before it, so a crash or restart
 * resumes from the slot and can only repeat, never skip.
 */
export async function runLogTailing(client: Client, context: RelayContext): Promise<void> {
  const { config } = context;
  const setup = await ensureReplicationSetup(client, config.OUTBOX_PUBLICATION_NAME, config.OUTBOX_SLOT_NAME);
  if (setup.slotCreated) {
    await publishRowsWrittenBeforeTheSlot(client, context);
  }
  await new LogTailingStream(client, context, setup.confirmedLsn).run();
}

/** Rows written before the slot existed are not in its stream: publish them from the table once. */
async function publishRowsWrittenBeforeTheSlot(client: Client, context: RelayContext): Promise<void> {
  const watermark = new PublishWatermark();
  while (!context.isStopping()) {
    const claimed = await pollOnce(client, context, watermark);
    if (claimed === 0 && !watermark.isAdvancing) return;
    if (claimed === 0) await interruptibleSleep(context.config.OUTBOX_POLL_INTERVAL_MS, context.wake);
  }
}

class LogTailingStream {
  private current: OutboxRow[] = [];
  private committed: CommittedTransaction[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private fail: (error: unknown) => void = () => undefined;
  private readonly service = new LogicalReplicationService(
    { connectionString: this.context.config.DATABASE_URL },
    // Manual acknowledgement only: the library must never confirm a position on its own timer.
    { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
  );

  constructor(
    private readonly client: Client,
    private readonly context: RelayContext,
    private confirmedLsn: string,
  ) {}

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (this.fail = (error: unknown) => {
        const settle = this.context.isStopping() ? () => resolve() : () => reject(error);
        void this.service.stop().finally(settle);
      });
      this.service.on('data', (_lsn: string, message: { tag: string }) => this.onMessage(message).catch(fail));
      this.service.on('heartbeat', (_lsn: string, _time: number, shouldRespond: boolean) => {
        // Answer with what Kafka has acknowledged, never with what was merely received.
        if (shouldRespond) void this.confirm();
      });
      this.service.on('error', fail);
      this.service.on('start', () => this.context.logger.info('streaming from the slot', { confirmedLsn: this.confirmedLsn }));
      const unsubscribe = this.context.wake.onWake(() => {
        // Settle here rather than wait for the replication query: pg does not always end it on close.
        if (this.context.isStopping()) void this.flushing.finally(() => this.service.stop()).finally(() => resolve());
      });
      this.service
        .subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: [this.context.config.OUTBOX_PUBLICATION_NAME] }), this.context.config.OUTBOX_SLOT_NAME, this.confirmedLsn)
        .then(() => resolve(), reject)
        .finally(unsubscribe);
    });
  }

  private async onMessage(message: { tag: string; [field: string]: unknown }): Promise<void> {
    if (message.tag === 'begin') this.current = [];
    if (message.tag === 'insert') this.current.push(rowFromInsert(message.new as Record<string, unknown>));
    if (message.tag !== 'commit') return;
    this.committed.push({ rows: this.current, commitEndLsn: String(message.commitEndLsn) });
    this.current = [];
    const waiting = this.committed.reduce((sum, transaction) => sum + transaction.rows.length, 0);
    // Back-pressure: a full batch is published before reading on (flow control pauses the stream).
    const flush = this.scheduleFlush();
    if (waiting >= this.context.config.OUTBOX_BATCH_SIZE) await flush;
  }

  /** Flushes run one after another, so confirmations only ever move forward. */
  private scheduleFlush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flush());
    this.flushing.catch(this.fail);
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const batch = this.committed;
    if (batch.length === 0) return;
    this.committed = [];
    const stopTimer = relayMetrics.batchDuration.startTimer();
    await this.publishUntilAcknowledged(batch.flatMap((transaction) => transaction.rows));
    this.confirmedLsn = batch[batch.length - 1].commitEndLsn;
    await this.confirm();
    stopTimer();
  }

  private confirm(): Promise<boolean> {
    return this.service.acknowledge(lsnBefore(this.confirmedLsn));
  }

  private async publishUntilAcknowledged(rows: OutboxRow[]): Promise<void> {
    for (let outages = 1; ; outages++) {
      try {
        return await publishStreamed(this.client, rows, this.context);
      } catch (error) {
        if (!(error instanceof Error && error.name.startsWith('KafkaJS'))) throw error;
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
}
