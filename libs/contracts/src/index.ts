export { type MessageHeaderName, MessageHeaders } from './messaging/message-headers';
export { AggregateTypes, type TopicName, Topics } from './messaging/topics';

export * from './events/shared.schema';
export * from './events/order-events';
export * from './events/ticket-events';
export * from './events/payment-events';
export {
  type Catalog,
  type CatalogTopic,
  EventCatalog,
  eventSchema,
  type EventTypeOf,
  InvalidEventPayloadError,
  parseEvent,
  type PayloadOf,
  UnknownEventError,
} from './events/event-catalog';

export {
  DomainError,
  type DomainErrorKind,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from './grpc/domain-error';
export { fromGrpcStatusError, grpcStatusError, type GrpcStatusError, toGrpcStatusError, unaryHandler } from './grpc/grpc-status-mapping';
export { loadAccountingProto, loadKitchenProto, PROTO_LOADER_OPTIONS, ProtoPackages, protoSourceOf } from './grpc/proto-packages';
export type * from './grpc/kitchen-types';
export type * from './grpc/accounting-types';
