/**
 * The platform pieces that need no Nest — configuration, the Kafka client, topics, metrics — for
 * processes that run without the framework (the outbox relay): loading the package root would
 * pull in Nest, TypeORM and Swagger, tens of MB that such a process never uses.
 */
export { baseConfigSchema, portSchema, type BaseConfig } from './config/base-config.schema';
export { ConfigError, parseConfig } from './config/parse-config';
export { ensureTopics, type TopicSpec } from './kafka/ensure-topics';
export { createKafkaClient } from './kafka/kafka-settings';
export { counter, gauge, histogram, metricsRegistry } from './metrics/metrics';
