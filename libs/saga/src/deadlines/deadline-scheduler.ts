import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Correlation } from '@ftgo/platform';
import type { DataSource } from 'typeorm';
import type { HandleDeadline } from './deadline-handler.decorator';
import { deadlineMetrics, reportPending } from './deadline-metrics';
import { type DeadlineTarget, type ResolvedTarget, resolveTarget } from './deadline-target';

export interface DeadlineSchedulerOptions {
  /** How often it looks for deadlines that passed: the most a decision can be late. */
  pollIntervalMs: number;
  /** At most this many decisions per poll, so that a backlog does not starve the metrics or a shutdown. */
  batchSize?: number;
}

interface Claimed {
  id: string;
  state: string;
  now: Date;
}

/**
 * Runs an aggregate's saga deadlines from the database, in every instance of the service at once.
 * Each poll claims the passed deadlines one row at a time — `SELECT … FOR UPDATE SKIP LOCKED` —
 * and lets the handler decide in that same transaction: a row is decided by exactly one instance,
 * the others skip it while its lock is held and find it no longer due afterwards. A crashed
 * instance's lock goes with its connection; the row is due again for the next poll of any
 * instance. Nothing is kept in memory, so a restart loses nothing.
 */
export class DeadlineScheduler {
  private readonly logger: Logger;
  private readonly target: ResolvedTarget;
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    target: DeadlineTarget,
    private readonly handle: HandleDeadline,
    private readonly options: DeadlineSchedulerOptions,
  ) {
    this.target = resolveTarget(target);
    this.logger = new Logger(`DeadlineScheduler(${target.aggregateType})`);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Lets the decision in hand commit, then returns; no new one starts. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** One poll: decides every deadline that passed (up to the batch size) and refreshes the gauges. Returns how many it decided. */
  async poll(): Promise<number> {
    const seen: string[] = [];
    let decided = 0;
    while (!this.stopping.signal.aborted && seen.length < (this.options.batchSize ?? 100)) {
      const claimedBefore = seen.length;
      try {
        if (!(await this.decideNext(seen))) break;
        decided += 1;
      } catch (error) {
        // The claim itself failed (the database): this poll is over; the next one tries again.
        if (seen.length === claimedBefore) throw error;
        deadlineMetrics.failed.inc({ aggregate_type: this.target.aggregateType });
        this.logger.error(`deciding the deadline of ${this.target.aggregateType} ${seen.at(-1)} failed, retried next poll: ${(error as Error).message}`);
      }
    }
    await this.measure();
    return decided;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.poll();
      } catch (error) {
        this.logger.warn(`polling ${this.target.table} for passed deadlines failed, will retry: ${(error as Error).message}`);
      }
      await sleep(this.options.pollIntervalMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** Claims the next passed deadline this poll has not tried yet and decides it, in one transaction. */
  private decideNext(seen: string[]): Promise<boolean> {
    const { table, idColumn, deadlineColumn, stateColumn, aggregateType } = this.target;
    return this.dataSource.transaction(async (manager) => {
      const [due]: Claimed[] = await manager.query(
        `SELECT ${idColumn}::text AS id, ${stateColumn} AS state, now() AS now FROM ${table}
         WHERE ${deadlineColumn} <= now() AND NOT (${idColumn}::text = ANY ($1::text[]))
         ORDER BY ${deadlineColumn} LIMIT 1
         FOR UPDATE SKIP LOCKED`,
        [seen],
      );
      if (!due) return false;
      seen.push(due.id);
      const correlationId = randomUUID();
      const after = await Correlation.run({ correlationId }, () => this.handle(due.id, { manager, now: due.now, state: due.state }));
      deadlineMetrics.expired.inc({ aggregate_type: aggregateType, state: due.state, outcome: after.state });
      this.logger.log(`${aggregateType} ${due.id}: the ${due.state} deadline passed, now ${after.state} (correlation ${correlationId})`);
      return true;
    });
  }

  private async measure(): Promise<void> {
    const { table, deadlineColumn, stateColumn, aggregateType } = this.target;
    const counts = await this.dataSource.query(
      `SELECT ${stateColumn} AS state, count(*)::int AS pending, (count(*) FILTER (WHERE ${deadlineColumn} <= now()))::int AS overdue
       FROM ${table} WHERE ${deadlineColumn} IS NOT NULL GROUP BY ${stateColumn}`,
    );
    reportPending(aggregateType, counts);
  }
}
