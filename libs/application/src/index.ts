export type { Aggregate, AggregateRepository, DomainEvent, SnapshotOf } from './aggregate';
export { AggregateChanges, type Decide, type Load, toOutboxEvents } from './aggregate-changes';
export { acknowledgeUnchanged } from './unchanged-reaction';
