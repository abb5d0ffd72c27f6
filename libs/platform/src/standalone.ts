/**
 * The platform pieces that need no Nest — configuration, the Kafka client, topics, metrics, backoff
 * and poll-until — for processes that run without the framework (the outbox relay): loading the
 * package root would pull in Nest, TypeORM and Swagger, tens of MB that such a process never uses.
 */
export { checkDatabase, StartupError } from './bootstrap/check-dependencies';
export { baseConfigSchema, type BaseConfig } from './config/config-fragments';
export { ConfigError, parseConfig } from './config/parse-config';
export { type EnsureTopicsOptions, ensureTopics, type TopicSpec } from './kafka/ensure-topics';
export { createKafkaClient } from './kafka/kafka-settings';
export { counter, gauge, histogram, metricsRegistry } from './metrics/metrics';
export { type BackoffPolicy, backoffDelayMs } from './timing/backoff';
export { contextFromHeaders } from './tracing/trace-context';
export { ftgoTracer } from './tracing/tracer';
export { type PollOptions, pollUntil } from './timing/poll-until';
export { withinTimeout } from './timing/within-timeout';
