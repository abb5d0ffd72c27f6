export type { Aggregate, AggregateRepository, DomainEvent, SnapshotOf } from './aggregate';
export { AggregateChanges, type Decide, type Load } from './aggregate-changes';
export { toOutboxEvents } from './outbox-events';
