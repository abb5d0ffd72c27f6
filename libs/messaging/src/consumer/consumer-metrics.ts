import { counter, gauge, histogram } from '@ftgo/platform';

const labels = ['group', 'topic'] as const;

/** Prometheus series of every consumer in the process, labelled by group and topic (see /metrics). */
export const consumerMetrics = {
  processed: counter({ name: 'messaging_processed_total', help: 'Messages handled and committed', labelNames: labels }),
  ignored: counter({
    name: 'messaging_ignored_total',
    help: 'Messages of a known event type nobody in the group handles: validated and acknowledged',
    labelNames: labels,
  }),
  duplicates: counter({
    name: 'messaging_duplicates_skipped_total',
    help: 'Messages skipped because their id was already in processed_message',
    labelNames: labels,
  }),
  deadLettered: counter({
    name: 'messaging_dead_lettered_total',
    help: 'Messages sent to the dead-letter topic',
    labelNames: [...labels, 'error'],
  }),
  retries: counter({ name: 'messaging_retries_total', help: 'Transient failures retried', labelNames: labels }),
  restarts: counter({
    name: 'messaging_consumer_restarts_total',
    help: 'Consumers started again after kafkajs gave up on them (a crash it deems non-retriable, e.g. no group coordinator)',
    labelNames: ['group'],
  }),
  handlerSeconds: histogram({
    name: 'messaging_handler_duration_seconds',
    help: 'Time of one message transaction: dedup insert, handler and commit',
    labelNames: [...labels, 'event_type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }),
  lag: gauge({
    name: 'messaging_consumer_lag',
    help: 'Messages behind the partition high watermark: the broker\'s high watermark minus the group\'s committed offset',
    labelNames: [...labels, 'partition'],
  }),
};
