import type { EntityManager } from 'typeorm';

/** What an aggregate's methods return: an event type of the contracts and its payload. */
export interface DomainEvent {
  type: string;
  payload: object;
}

/**
 * The contract every aggregate follows (docs/service-anatomy.md): `static create(...)` returns
 * `{ <aggregate>, events }`, every state change is a method that checks the transition and returns
 * the events it caused, `snapshot()` is everything it holds (with the version it was read at),
 * `static restore(snapshot)` rebuilds it.
 */
export interface Aggregate<S extends { version: number } = { version: number }> {
  readonly id: string;
  snapshot(): S;
}

export interface AggregateRepository<A extends Aggregate> {
  /**
   * Saves a changed aggregate only if nobody saved it since it was read (`WHERE version = $read`),
   * and returns the new version; otherwise throws the domain's Concurrent…ChangeError.
   */
  update(manager: EntityManager, aggregate: A): Promise<number>;
}

export type SnapshotOf<A extends Aggregate> = ReturnType<A['snapshot']>;
