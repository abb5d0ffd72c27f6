import { NotFoundError } from '@ftgo/contracts';
import type { HandlerContext } from '@ftgo/messaging';
import { PermanentError } from '@ftgo/messaging';
import type { Outbox, OutboxEvent } from '@ftgo/outbox';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { Account } from '../domain/account';
import { Payment } from '../domain/payment';
import type { PaymentRepository } from '../persistence/payment.repository';
import { PaymentChanges } from './payment-changes';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const orderId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const account = Account.open('cccccccc-cccc-4ccc-8ccc-cccccccccccc', usd(1_000));

/** In-memory stand-ins that record what the use case wrote. */
function fixture(totalMinor: number | undefined) {
  const stored =
    totalMinor === undefined
      ? undefined
      : Payment.create({ id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', orderId, consumerId: account.consumerId, amount: usd(totalMinor) }, account).payment;
  const updates: Payment[] = [];
  const added: OutboxEvent[] = [];
  const payments = { findByOrderId: async () => stored, update: async (_: EntityManager, p: Payment) => void updates.push(p) };
  const outbox = { add: async (_: EntityManager, events: OutboxEvent[]) => (added.push(...events), []) };
  const context = {
    manager: {} as EntityManager,
    causedBy: <E extends object>(event: E) => ({ ...event, causationId: 'message-1' }),
  } as unknown as HandlerContext;
  const changes = new PaymentChanges(payments as unknown as PaymentRepository, outbox as unknown as Outbox);
  return { changes, context, updates, added };
}

describe('PaymentChanges: one order event applied to its payment', () => {
  it('saves the changed payment and adds its events to the outbox, stamped as caused by the message', async () => {
    const { changes, context, updates, added } = fixture(500);
    await changes.apply(orderId, context, (payment) => payment.reverse());
    expect(updates.map((p) => p.state)).toEqual(['REVERSED']);
    expect(added).toEqual([
      expect.objectContaining({ topic: 'accounting.payment.events', aggregateType: 'Payment', eventType: 'PaymentReversed', causationId: 'message-1' }),
    ]);
  });

  it('writes nothing when the method changed nothing (voiding a declined payment)', async () => {
    const { changes, context, updates, added } = fixture(5_000);
    await changes.apply(orderId, context, (payment) => payment.void());
    expect(updates).toEqual([]);
    expect(added).toEqual([]);
  });

  it('turns an illegal transition into a PermanentError naming the state, so the message is dead-lettered, not retried', async () => {
    const { changes, context, updates } = fixture(5_000);
    const failure = changes.apply(orderId, context, (payment) => payment.reverse());
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toThrow('cannot reverse a payment that is DECLINED');
    expect(updates).toEqual([]);
  });

  it('dead-letters an event for an order without a payment', async () => {
    const { changes, context } = fixture(undefined);
    await expect(changes.apply(orderId, context, (payment) => payment.void())).rejects.toThrow(new PermanentError(`order ${orderId} has no payment`));
  });

  it('lets a failure that is not a domain refusal through unchanged, so it is retried', async () => {
    const { changes, context } = fixture(500);
    const outage = new Error('connection terminated');
    await expect(changes.apply(orderId, context, () => Promise.reject(outage))).rejects.toBe(outage);
    const notFound = new NotFoundError('x');
    await expect(changes.apply(orderId, context, () => Promise.reject(notFound))).rejects.toBeInstanceOf(PermanentError);
  });
});
