import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export interface RetentionOptions {
  /** Rows older than this are deleted. This is the dedup window: a duplicate older than it is processed again. */
  maxAgeMs: number;
  /** Rows per DELETE: short transactions, short locks, bounded WAL per statement. */
  batchSize: number;
}

/**
 * Deletes processed_message rows older than `maxAgeMs`, one bounded batch at a time, and returns
 * how many went. The trade-off is documented in docs/patterns/idempotent-consumer.md.
 */
export async function deleteExpiredProcessedMessages(
  dataSource: DataSource,
  { maxAgeMs, batchSize }: RetentionOptions,
  now: Date = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeMs);
  let total = 0;
  for (;;) {
    const [, deleted]: [unknown, number] = await dataSource.query(
      `DELETE FROM processed_message WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM processed_message WHERE processed_at < $1 LIMIT $2))`,
      [cutoff, batchSize],
    );
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Runs the retention every `intervalMs` until stopped; a failed run is logged and tried next time. */
export class ProcessedMessageRetention {
  private readonly logger = new Logger(ProcessedMessageRetention.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: RetentionOptions & { intervalMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    if (this.running) return; // a slow run is not stacked on by the next tick
    this.running = true;
    try {
      const deleted = await deleteExpiredProcessedMessages(this.dataSource, this.options);
      if (deleted > 0) this.logger.log(`deleted ${deleted} processed_message rows older than ${this.options.maxAgeMs} ms`);
    } catch (error) {
      this.logger.warn(`processed_message retention failed, will retry: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
