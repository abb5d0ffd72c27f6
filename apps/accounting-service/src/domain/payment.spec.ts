import { describe, expect, it } from 'vitest';
import { Account } from './account';
import { Payment } from './payment';
import { IllegalPaymentTransitionError } from './payment-errors';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const ids = {
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  orderId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  consumerId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
};
const revisionId = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const ref = { paymentId: ids.id, orderId: ids.orderId };
const account = Account.open(ids.consumerId, usd(10_000));

const authorized = () => Payment.create({ ...ids, amount: usd(2_500) }, account).payment;
const declined = () => Payment.create({ ...ids, amount: usd(20_000) }, account).payment;
const voided = () => Payment.restore({ ...authorized().snapshot(), state: 'VOIDED' });
const reversed = () => Payment.restore({ ...authorized().snapshot(), state: 'REVERSED' });

function refusal(change: () => unknown): IllegalPaymentTransitionError {
  try {
    change();
  } catch (error) {
    if (error instanceof IllegalPaymentTransitionError) return error;
    throw error;
  }
  throw new Error('expected the transition to be refused');
}

describe('Payment.create', () => {
  it('authorizes an amount the account allows and emits PaymentAuthorized', () => {
    const { payment, events } = Payment.create({ ...ids, amount: usd(2_500) }, account);
    expect(payment.snapshot()).toMatchObject({ state: 'AUTHORIZED', amount: usd(2_500), version: 1 });
    expect(events).toEqual([{ type: 'PaymentAuthorized', payload: { ...ref, consumerId: ids.consumerId, amount: usd(2_500) } }]);
  });

  it('declines an amount the account refuses, keeps the reason and emits PaymentDeclined', () => {
    const { payment, events } = Payment.create({ ...ids, amount: usd(20_000) }, account);
    expect(payment.snapshot()).toMatchObject({ state: 'DECLINED', declineReason: expect.stringContaining('exceed') });
    expect(events).toEqual([
      { type: 'PaymentDeclined', payload: { ...ref, consumerId: ids.consumerId, reason: payment.snapshot().declineReason } },
    ]);
  });
});

describe('void (the order was rejected)', () => {
  it('moves AUTHORIZED to VOIDED and emits PaymentVoided', () => {
    const payment = authorized();
    expect(payment.void()).toEqual([{ type: 'PaymentVoided', payload: ref }]);
    expect(payment.state).toBe('VOIDED');
  });

  it('is a no-op without events on a DECLINED payment: nothing was held', () => {
    const payment = declined();
    expect(payment.void()).toEqual([]);
    expect(payment.state).toBe('DECLINED');
  });

  it('treats OrderRejected for a VOIDED payment as a duplicate: no change, no event', () => {
    const payment = voided();
    expect(payment.void()).toEqual([]);
    expect(payment.state).toBe('VOIDED');
  });

  it('is refused on a REVERSED payment, naming the state', () => {
    expect(refusal(() => reversed().void()).message).toBe('cannot void a payment that is REVERSED');
  });
});

describe('reverse (the order was cancelled)', () => {
  it('moves AUTHORIZED to REVERSED and emits PaymentReversed with the amount', () => {
    const payment = authorized();
    expect(payment.reverse()).toEqual([{ type: 'PaymentReversed', payload: { ...ref, amount: usd(2_500) } }]);
    expect(payment.state).toBe('REVERSED');
  });

  it('treats OrderCancelled for a REVERSED payment as a duplicate: no change, no event', () => {
    const payment = reversed();
    expect(payment.reverse()).toEqual([]);
    expect(payment.state).toBe('REVERSED');
  });

  it.each([['DECLINED', declined], ['VOIDED', voided]])('is refused on a %s payment', (state, make) => {
    expect(refusal(() => make().reverse()).currentState).toBe(state);
  });
});

describe('re-authorization (the order is revised)', () => {
  it('holds an allowed new total as pending and emits PaymentReauthorized; the amount is unchanged until applied', () => {
    const payment = authorized();
    expect(payment.reauthorize(revisionId, usd(9_000), account)).toEqual([
      { type: 'PaymentReauthorized', payload: { ...ref, revisionId, amount: usd(9_000) } },
    ]);
    expect(payment.snapshot()).toMatchObject({ amount: usd(2_500), pendingRevision: { revisionId, amount: usd(9_000) } });
  });

  it('declines a new total above the limit, emits PaymentReauthorizationDeclined and keeps the payment as it was', () => {
    const payment = authorized();
    const before = payment.snapshot();
    const [event] = payment.reauthorize(revisionId, usd(10_001), account);
    expect(event).toMatchObject({ type: 'PaymentReauthorizationDeclined', payload: { ...ref, revisionId, reason: expect.stringContaining('exceed') } });
    expect(payment.snapshot()).toEqual(before);
  });

  it('applies a pending revision: its total becomes the amount', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(9_000), account);
    expect(payment.applyRevision(revisionId)).toEqual([]);
    expect(payment.snapshot()).toMatchObject({ amount: usd(9_000), pendingRevision: null });
  });

  it('drops a pending revision: the old amount stays', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(9_000), account);
    expect(payment.dropRevision(revisionId)).toEqual([]);
    expect(payment.snapshot()).toMatchObject({ amount: usd(2_500), pendingRevision: null });
  });

  it('accepts dropping a revision that accounting itself declined (nothing pending)', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(10_001), account);
    expect(payment.dropRevision(revisionId)).toEqual([]);
  });

  it('refuses a second revision while one is pending, applying one that is not pending, and dropping another one', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(9_000), account);
    const other = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
    expect(refusal(() => payment.reauthorize(other, usd(1), account)).message).toContain(`revision ${revisionId} is still pending`);
    expect(refusal(() => payment.applyRevision(other)).message).toContain(`revision ${other} is not pending`);
    expect(refusal(() => payment.dropRevision(other)).message).toContain(`revision ${revisionId} is pending, not ${other}`);
  });

  it('treats the same revision requested again, and applied again, as duplicates', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(9_000), account);
    expect(payment.reauthorize(revisionId, usd(9_000), account)).toEqual([]);
    payment.applyRevision(revisionId);
    expect(payment.applyRevision(revisionId)).toEqual([]);
    expect(payment.snapshot()).toMatchObject({ amount: usd(9_000), pendingRevision: null });
  });

  it.each([['DECLINED', declined], ['VOIDED', voided], ['REVERSED', reversed]])(
    'refuses re-authorize, applyRevision and dropRevision on a %s payment',
    (state, make) => {
      expect(refusal(() => make().reauthorize(revisionId, usd(1), account)).currentState).toBe(state);
      expect(refusal(() => make().applyRevision(revisionId)).currentState).toBe(state);
      expect(refusal(() => make().dropRevision(revisionId)).currentState).toBe(state);
    },
  );

  it('clears a pending revision when the payment is reversed', () => {
    const payment = authorized();
    payment.reauthorize(revisionId, usd(9_000), account);
    payment.reverse();
    expect(payment.snapshot().pendingRevision).toBeNull();
  });
});
