import { isDeepStrictEqual } from 'node:util';
import { AggregateTypes, DomainError, type TopicName } from '@ftgo/contracts';
import { type HandlerContext, PermanentError } from '@ftgo/messaging';
import type { Outbox, OutboxEvent } from '@ftgo/outbox';
import { Correlation, currentTraceparent } from '@ftgo/platform';
import type { EntityManager } from 'typeorm';
import type { Aggregate, AggregateRepository, DomainEvent, SnapshotOf } from './aggregate';
import { acknowledgeUnchanged } from './unchanged-reaction';

/**
 * An aggregate's events as outbox rows on its topic, keyed by the aggregate id (all events of one
 * aggregate on one partition, in order), stamped with the conversation in progress: the HTTP
 * request's or gRPC call's correlation id, or the incoming message's in a handler, and the active
 * span's trace context, which the relay continues in another process.
 */
export function toOutboxEvents(topic: TopicName, aggregateId: string, events: readonly DomainEvent[]): OutboxEvent[] {
  const correlation = Correlation.current();
  const traceparent = currentTraceparent();
  return events.map((event) => ({
    topic,
    aggregateType: AggregateTypes[topic],
    aggregateId,
    eventType: event.type,
    payload: event.payload as Record<string, unknown>,
    correlationId: correlation?.correlationId,
    causationId: correlation?.causationId,
    traceparent,
  }));
}

/** Reads the aggregate a command or an event names, or throws the domain's NotFoundError. */
export type Load<A> = (manager: EntityManager) => Promise<A>;
/** Asks the aggregate: calls the method that checks the transition and returns the events it caused. */
export type Decide<A, E> = (aggregate: A) => readonly E[] | Promise<readonly E[]>;

type Stamp = HandlerContext['causedBy'];
const unstamped: Stamp = (event) => event;

/**
 * The use case every service repeats, as one small block: load the aggregate, let it decide, save
 * it with the version check — only when it changed, so that a refusal does not make a client's
 * version stale — and add the events it caused to the outbox, all through the manager of ONE
 * transaction.
 *
 * - `change`: a command (HTTP, gRPC), in the transaction its use case opened. Domain errors reach
 *   the caller as they are (404, 409, 422). When the caller stopped waiting meanwhile (a gRPC
 *   deadline passed, the call was cancelled: the context's `signal`), it throws instead of
 *   returning, so that the transaction rolls back rather than commit what the caller was told failed.
 * - `react`: a reaction to an incoming event, in the handler's transaction (the one that also
 *   records the message id); the events are caused by the message. A reaction that changes
 *   nothing and causes nothing (a duplicate, a late answer) is acknowledged with a log line
 *   (`acknowledgeUnchanged`). What no retry can change (the aggregate does not exist, the
 *   transition contradicts its state) becomes a PermanentError, so the message is dead-lettered
 *   with the reason; a failed save (a concurrent change, the database) stays transient, so the
 *   message is retried, reloads and decides again.
 */
export class AggregateChanges<A extends Aggregate, E extends DomainEvent> {
  constructor(
    private readonly topic: TopicName,
    private readonly repository: AggregateRepository<A>,
    private readonly outbox: Outbox,
  ) {}

  /** Returns the aggregate's snapshot after the change, at its new version. */
  async change(manager: EntityManager, load: Load<A>, decide: Decide<A, E>): Promise<SnapshotOf<A>> {
    const aggregate = await load(manager);
    const before = aggregate.snapshot();
    const events = await decide(aggregate);
    const saved = await this.save(manager, aggregate, before, events, unstamped);
    Correlation.current()?.signal?.throwIfAborted();
    return saved;
  }

  async react(context: HandlerContext, load: Load<A>, decide: Decide<A, E>): Promise<void> {
    const aggregate = await refusalIsPermanent(() => load(context.manager));
    const before = aggregate.snapshot();
    const events = await refusalIsPermanent(() => decide(aggregate));
    if (events.length === 0 && isDeepStrictEqual(before, aggregate.snapshot())) {
      acknowledgeUnchanged(context, `${AggregateTypes[this.topic]} ${aggregate.id} is ${describeState(before)}`);
      return;
    }
    await this.save(context.manager, aggregate, before, events, context.causedBy);
  }

  private async save(manager: EntityManager, aggregate: A, before: object, events: readonly E[], stamp: Stamp): Promise<SnapshotOf<A>> {
    const after = aggregate.snapshot() as SnapshotOf<A>;
    const version = isDeepStrictEqual(before, after) ? after.version : await this.repository.update(manager, aggregate);
    await this.outbox.add(manager, toOutboxEvents(this.topic, aggregate.id, events).map(stamp));
    return { ...after, version };
  }
}

function describeState(snapshot: object): string {
  const { state } = snapshot as { state?: unknown };
  return typeof state === 'string' ? state : 'unchanged by it';
}

async function refusalIsPermanent<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new PermanentError(error.message, { cause: error });
    throw error;
  }
}
