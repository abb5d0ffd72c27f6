// The publishers the outbox benchmark compares, each as its own process on the same database and broker.
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { connectVersions, startConnectStandalone } from '../../tools/infra/connect';
import { stopPid } from '../../tools/infra/process';
import type { InfraSettings } from '../../tools/infra/settings';
import { spawnChild } from '../support/child-process';
import type { Workload } from './workload';

export interface BenchDatabase {
  name: string;
  url: string;
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
}

export interface RunContext {
  db: BenchDatabase;
  topic: string;
  workload: Workload;
  /** Written (or sent) before the timed rows, to another topic. */
  warmup: { topic: string; rows: number };
  brokers: string[];
  settings: InfraSettings;
}

export interface Running {
  pid: number;
  stop(): Promise<void>;
}

export interface Contender {
  name: string;
  /** The build whose migrations its databases get (the relays'); the default build otherwise. */
  dist?: string;
  /** On the empty, migrated database, before the rows are written: slots and publications. */
  prepare?(context: RunContext): Promise<void>;
  /** Starts publishing what the table holds (or, for the raw producer, the same messages). */
  start(context: RunContext, onSpawn: (pid: number) => void): Promise<Running>;
}

const jvms = new Set<number>();
// Whatever way the benchmark ends, no Kafka Connect worker outlives it (node children: spawnChild's own clean-up).
process.on('exit', () => {
  jvms.forEach((pid) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (e.g. a worker that never came up was stopped).
    }
  });
});

/** Node flags for the contenders' node processes, e.g. `--cpu-prof --cpu-prof-dir=tmp/profiles` to profile a drain. */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const running = (child: ChildProcess): Running => ({ pid: child.pid ?? -1, stop: () => stopPid(child.pid ?? -1, 15_000) });

export const rawProducer = (batch: number): Contender => ({
  name: 'raw producer',
  async start({ topic, workload, warmup, brokers }, onSpawn) {
    const { child } = spawnChild(process.execPath, [...nodeFlags, '--import', 'tsx', resolve(__dirname, 'raw-producer.child.ts')], {
      KAFKA_BROKERS: brokers.join(','),
      BENCH_TOPIC: topic,
      BENCH_WARMUP_TOPIC: warmup.topic,
      BENCH_WARMUP_ROWS: String(warmup.rows),
      BENCH_ROWS: String(workload.rows),
      BENCH_AGGREGATES: String(workload.aggregates),
      BENCH_BATCH: String(batch),
    });
    onSpawn(child.pid ?? -1);
    return running(child);
  },
});


/** The relay as the services run it: the built CLI (`dist/`), default settings except the mode. */
export function relay(mode: 'polling' | 'log-tailing', dist: string, label = `${mode} relay`): Contender {
  const cli = resolve(dist, 'libs/outbox/src/relay/outbox-relay.cli.js');
  const env = ({ db, brokers }: RunContext) => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_CLIENT_ID: `bench-${mode}`,
    OUTBOX_RELAY_MODE: mode,
    OUTBOX_SLOT_NAME: `slot_${db.name}`,
    OUTBOX_RELAY_HTTP_PORT: '0',
    OUTBOX_RELAY_HTTP_HOST: '127.0.0.1',
  });
  return {
    name: label,
    dist,
    async prepare(context) {
      if (mode !== 'log-tailing') return;
      // A first start creates the publication and the slot: the rows written next arrive through the log.
      const first = spawnChild(process.execPath, [cli], env(context));
      try {
        await first.waitFor('streaming from the slot');
      } finally {
        await running(first.child).stop();
      }
    },
    async start(context, onSpawn) {
      const { child } = spawnChild(process.execPath, [...nodeFlags, cli], env(context));
      onSpawn(child.pid ?? -1);
      return running(child);
    },
  };
}

export interface DebeziumTuning {
  label: string;
  connector: Record<string, string | number>;
  worker: Record<string, string | number>;
}

/** Throughput settings (as in the comparison we were asked to beat) and the lowest-latency ones. */
export const DEBEZIUM_TUNINGS: DebeziumTuning[] = [
  {
    label: 'debezium',
    connector: { 'max.batch.size': 4096, 'max.queue.size': 16384, 'poll.interval.ms': 10 },
    worker: { 'producer.linger.ms': 5 },
  },
  {
    label: 'debezium low-latency',
    connector: { 'max.batch.size': 4096, 'max.queue.size': 16384, 'poll.interval.ms': 1 },
    worker: { 'producer.linger.ms': 0 },
  },
];

/**
 * Debezium's PostgreSQL connector with its outbox event router, in a Kafka Connect standalone
 * worker: routes by the row's `topic`, key = `aggregate_id`, value = `payload`, and the same
 * header names our relay sends (`headers` as one JSON header, as Debezium does).
 */
export function debezium(tuning: DebeziumTuning, settings: InfraSettings): Contender {
  const slot = (db: BenchDatabase) => `dbz_${db.name}`;
  return {
    name: `${tuning.label} ${connectVersions(settings).debezium}`,
    async prepare({ db }) {
      await db.query(`CREATE PUBLICATION dbz_publication FOR TABLE outbox_message WITH (publish = 'insert')`);
      await db.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot(db)]);
    },
    async start({ db, brokers }, onSpawn) {
      const url = new URL(db.url);
      const worker = await startConnectStandalone({
        settings,
        onSpawn: (pid) => {
          jvms.add(pid);
          onSpawn(pid);
        },
        name: db.name,
        brokers,
        worker: { 'offset.flush.interval.ms': 1000, ...tuning.worker },
        connector: {
          'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
          'tasks.max': 1,
          'database.hostname': url.hostname,
          'database.port': url.port,
          'database.dbname': db.name,
          'database.user': decodeURIComponent(url.username),
          'database.password': decodeURIComponent(url.password),
          'topic.prefix': db.name,
          'plugin.name': 'pgoutput',
          'slot.name': slot(db),
          'publication.name': 'dbz_publication',
          'publication.autocreate.mode': 'disabled',
          'table.include.list': 'public.outbox_message',
          'snapshot.mode': 'no_data',
          'tombstones.on.delete': 'false',
          'extended.headers.enabled': 'false',
          transforms: 'outbox',
          'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
          'transforms.outbox.table.field.event.id': 'id',
          'transforms.outbox.table.field.event.key': 'aggregate_id',
          'transforms.outbox.table.field.event.payload': 'payload',
          'transforms.outbox.route.by.field': 'topic',
          'transforms.outbox.route.topic.replacement': '${routedByValue}',
          'transforms.outbox.table.fields.additional.placement':
            'id:header:message-id,event_type:header:event-type,aggregate_type:header:aggregate-type,aggregate_id:header:aggregate-id,headers:header:outbox-headers',
          ...tuning.connector,
        },
      });
      return {
        pid: worker.pid,
        stop: async () => {
          await worker.stop();
          jvms.delete(worker.pid);
        },
      };
    },
  };
}
