/**
 * The Prometheus series the page reads, in one place. They are defined by the libraries:
 * libs/outbox (observability/relay-metrics.ts), libs/messaging (consumer/consumer-metrics.ts),
 * libs/resilience (metrics/breaker-metrics.ts).
 */
export const MetricNames = {
  /** Relay: unsent outbox rows. */
  outboxBacklog: 'outbox_backlog_messages',
  /** Relay: age of the oldest unsent row, in seconds. */
  outboxOldestUnsentAge: 'outbox_oldest_unsent_age_seconds',
  /** Relay: 1 while it holds the leader lock and publishes. */
  relayActive: 'outbox_relay_active',
  /** API: messages behind the high watermark, labels group, topic, partition. */
  consumerLag: 'messaging_consumer_lag',
  /** API: 1 for the state each breaker is in, labels dependency, state. */
  breakerState: 'circuit_breaker_state',
} as const;
