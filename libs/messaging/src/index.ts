export {
  type ConsumerConfig,
  type ConsumerConfigInput,
  consumerConfigSchema,
  deadLetterTopicOf,
  parseConsumerConfig,
} from './consumer/consumer-config';
export { consumerMetrics } from './consumer/consumer-metrics';
export type { FailingMessage } from './consumer/failing-messages';
export {
  IdempotentConsumer,
  type IdempotentConsumerOptions,
  type SettledMessage,
  type SettledOutcome,
} from './consumer/idempotent-consumer';
export { MessageProcessor, type ProcessingOutcome } from './consumer/message-processor';
export { DeadLetterHeaders } from './dead-letter/dead-letter-headers';
export { replayDeadLetters, type ReplayOptions } from './dead-letter/dead-letter-replayer';
export { messagingMigrations, CreateProcessedMessage1764000001000 } from './dedup/processed-message.migration';
export {
  deleteExpiredProcessedMessages,
  ProcessedMessageRetention,
  type RetentionOptions,
} from './dedup/processed-message-retention';
export { claimMessage } from './dedup/processed-message-store';
export { decodeHeaders, type IncomingMessage, parseIncomingMessage } from './envelope/incoming-message';
export { classifyFailure, type FailureKind } from './errors/failure-classification';
export {
  InvalidPayloadError,
  isPermanent,
  MalformedMessageError,
  PermanentError,
  UnknownEventTypeError,
} from './errors/permanent-error';
export { EventHandler, type EventHandlerMetadata } from './handlers/event-handler.decorator';
export { type EventSchemas, HandlerRegistry } from './handlers/handler-registry';
export { defineHandler, type FollowUpEvent, type HandlerContext, type MessageHandler } from './handlers/message-handler';
export type { PayloadSchema } from './handlers/payload-schema';
export { ConsumerReadinessIndicator } from './nest/consumer-readiness.indicator';
export { consumerOptionsOf, MessagingModule, type MessagingModuleOptions } from './nest/messaging.module';
