import type { Kafka } from 'kafkajs';
import { type Client, Pool } from 'pg';
import { readBacklog } from '../observability/backlog-query';
import { jsonLogger, type RelayLogger } from '../observability/relay-logger';
import { relayMetrics, sampleDatabaseGauges } from '../observability/relay-metrics';
import { runLogTailing } from '../log-tailing/log-tailing-relay';
import { runPolling } from '../polling/polling-relay';
import { OutboxPublisher } from '../publisher/outbox-publisher';
import { deleteSentRows } from '../retention/retention-job';
import { tryBecomeLeader } from './leader-lock';
import type { RelayConfig } from './relay-config';
import { RELAY_CONNECTION_OPTIONS, relayConnection } from './relay-connection';
import type { RelayContext } from './relay-context';
import { interruptibleSleep } from './interruptible-sleep';
import { WakeSignal } from './wake-signal';

/**
 * The relay process's core, framework-free: compete for leadership, then run the configured
 * mode and the retention job while leader. Any database failure ends the session (and with it
 * the advisory lock); the relay then starts over as a standby.
 */
export class OutboxRelay {
  private stopping = false;
  private leader = false;
  private running?: Promise<void>;
  private readonly wake = new WakeSignal();
  private readonly publisher: OutboxPublisher;
  /** Side work that must not interleave with the session's transactions: retention, metrics, health. */
  private readonly pool: Pool;

  constructor(
    private readonly config: RelayConfig,
    kafka: Kafka,
    private readonly logger: RelayLogger = jsonLogger(),
  ) {
    this.publisher = new OutboxPublisher(kafka, config.OUTBOX_TOPIC_PARTITIONS);
    this.pool = new Pool({ connectionString: config.DATABASE_URL, options: RELAY_CONNECTION_OPTIONS, max: 2 });
    this.pool.on('error', (error) => logger.warn('database pool error', { error: error.message }));
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.wake();
    await this.running;
    await this.publisher.disconnect().catch(() => undefined);
    await this.pool.end();
  }

  /** Refreshes backlog, age and slot-lag gauges; the HTTP server calls it on each scrape. */
  async sampleMetrics(): Promise<void> {
    const slot = this.config.OUTBOX_RELAY_MODE === 'log-tailing' ? this.config.OUTBOX_SLOT_NAME : undefined;
    await sampleDatabaseGauges(this.pool, slot);
  }

  /** Ready while the oldest unsent row is younger than the configured threshold. */
  async isBacklogHealthy(): Promise<{ healthy: boolean; oldestUnsentAgeMs: number }> {
    const backlog = await readBacklog(async (sql, params) => (await this.pool.query(sql, params)).rows);
    return { healthy: backlog.oldestUnsentAgeMs <= this.config.OUTBOX_HEALTH_MAX_AGE_MS, oldestUnsentAgeMs: backlog.oldestUnsentAgeMs };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.session();
      } catch (error) {
        this.logger.error('relay session ended', { error: error instanceof Error ? error.message : String(error) });
      }
      if (!this.stopping) await interruptibleSleep(this.config.OUTBOX_STANDBY_RETRY_MS, this.wake);
    }
  }

  private async session(): Promise<void> {
    const client = relayConnection(this.config.DATABASE_URL);
    client.on('error', (error) => this.logger.warn('database connection error', { error: error.message }));
    await client.connect();
    const retention = setInterval(() => void this.runRetention(), this.config.OUTBOX_RETENTION_INTERVAL_MS);
    try {
      if (!(await this.waitForLeadership(client))) return;
      await this.publisher.connect();
      const run = this.config.OUTBOX_RELAY_MODE === 'polling' ? runPolling : runLogTailing;
      await run(client, this.context());
    } finally {
      clearInterval(retention);
      this.setLeader(false);
      await client.end().catch(() => undefined);
    }
  }

  private async waitForLeadership(client: Client): Promise<boolean> {
    this.logger.info('standing by for the leader lock', { mode: this.config.OUTBOX_RELAY_MODE });
    while (!this.stopping) {
      if (await tryBecomeLeader(client)) {
        this.setLeader(true);
        this.logger.info('active relay', { mode: this.config.OUTBOX_RELAY_MODE, pid: process.pid });
        return true;
      }
      await interruptibleSleep(this.config.OUTBOX_STANDBY_RETRY_MS, this.wake);
    }
    return false;
  }

  private setLeader(leader: boolean): void {
    this.leader = leader;
    relayMetrics.active.set(leader ? 1 : 0);
  }

  private async runRetention(): Promise<void> {
    if (!this.leader) return;
    const client = await this.pool.connect();
    try {
      const result = await deleteSentRows(client, this.config.OUTBOX_RETENTION_AGE_MS, this.config.OUTBOX_RETENTION_BATCH_SIZE);
      if (result.deleted > 0) this.logger.info('retention deleted sent rows', { ...result });
    } catch (error) {
      this.logger.warn('retention failed, will retry', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      client.release();
    }
  }

  private context(): RelayContext {
    return {
      config: this.config,
      publisher: this.publisher,
      logger: this.logger,
      wake: this.wake,
      pool: this.pool,
      isStopping: () => this.stopping,
    };
  }
}
