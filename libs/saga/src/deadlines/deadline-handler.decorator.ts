import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlineTarget } from './deadline-target';

export const DEADLINE_HANDLER_METADATA = 'ftgo:deadline-handler';

/** What a deadline handler gets besides the aggregate id. */
export interface DeadlineContext {
  /** The transaction that holds the aggregate's row lock: write through it, and only it. */
  manager: EntityManager;
  /** The database's clock when the row was claimed: the same clock that found the deadline passed. */
  now: Date;
  /** The pending state the deadline was set for. */
  state: string;
}

/** The handler decides and saves; it returns the aggregate as it left it, whose state labels the metrics. */
export type HandleDeadline = (aggregateId: string, context: DeadlineContext) => Promise<{ state: string }>;
type HandleDecorator = <M extends HandleDeadline>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/**
 * Declares a provider's method as what happens when an aggregate's saga deadline passes:
 *
 * ```ts
 * @DeadlineHandler({ aggregateType: 'Order', table: 'orders' })
 * onDeadlinePassed(orderId: string, { manager, now }: DeadlineContext) { ... order.expire(now) ... }
 * ```
 *
 * SagaDeadlinesModule finds it at start-up and runs it, in one transaction per aggregate, for
 * every row of `table` whose deadline column has passed; the handler must leave the aggregate in
 * a state without a deadline (or a later one).
 */
export function DeadlineHandler(target: DeadlineTarget): HandleDecorator {
  return SetMetadata(DEADLINE_HANDLER_METADATA, target);
}
