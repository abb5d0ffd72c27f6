import { counter, gauge, histogram } from '@ftgo/platform/standalone';
import type { Pool } from 'pg';
import { readBacklog } from './backlog-query';

/** The relay's Prometheus metrics, on the process's default registry (served at /metrics). */
export const relayMetrics = {
  active: gauge({ name: 'outbox_relay_active', help: '1 while this relay holds the leader lock' }),
  backlog: gauge({ name: 'outbox_backlog_messages', help: 'Outbox rows waiting to be published' }),
  failed: gauge({ name: 'outbox_failed_messages', help: 'Outbox rows that gave up (listed by the admin CLI)' }),
  oldestUnsentAge: gauge({ name: 'outbox_oldest_unsent_age_seconds', help: 'Age of the oldest unsent row' }),
  slotLag: gauge({ name: 'outbox_slot_lag_bytes', help: 'WAL bytes between the server and the slot confirmed position' }),
  published: counter({ name: 'outbox_published_total', help: 'Messages acknowledged by Kafka', labelNames: ['mode'] }),
  publishFailures: counter({
    name: 'outbox_publish_failures_total',
    help: 'Failed publish attempts: rejected = Kafka refused a message, outage = Kafka unreachable',
    labelNames: ['kind'],
  }),
  batchDuration: histogram({
    name: 'outbox_batch_duration_seconds',
    help: 'From claiming (or receiving) a batch to its rows being marked sent',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
};

/** Refreshes the gauges that come from the database; called when /metrics is scraped. */
export async function sampleDatabaseGauges(client: Pool, slotName?: string): Promise<void> {
  const backlog = await readBacklog(async (sql, params) => (await client.query(sql, params)).rows);
  relayMetrics.backlog.set(backlog.pending);
  relayMetrics.failed.set(backlog.failed);
  relayMetrics.oldestUnsentAge.set(backlog.oldestUnsentAgeMs / 1000);
  if (!slotName) return;
  const { rows } = await client.query<{ lag: string | null }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag FROM pg_replication_slots WHERE slot_name = $1`,
    [slotName],
  );
  relayMetrics.slotLag.set(Number(rows[0]?.lag ?? 0));
}
