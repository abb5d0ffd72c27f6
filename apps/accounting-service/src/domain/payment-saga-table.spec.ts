import { randomUUID } from 'node:crypto';
import { sagaTableMismatches } from '@ftgo/tools';
import { describe, expect, it } from 'vitest';
import { Account } from './account';
import { Payment } from './payment';
import { PaymentState } from './payment-state';

// docs/flows.md's saga state table, row by row, against the Payment aggregate's own methods.

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const account = Account.open(randomUUID(), usd(10_000));
const REVISION = randomUUID();

const create = (amountMinor: number) => () => {
  const { payment, events } = Payment.create({ id: randomUUID(), orderId: randomUUID(), consumerId: randomUUID(), amount: usd(amountMinor) }, account);
  return { created: payment, events };
};
const authorized = () => create(2_500)().created;
const inState = (state: PaymentState) => () => Payment.restore({ ...authorized().snapshot(), state });

describe('the saga state table of docs/flows.md: Payment', () => {
  it('agrees with the Payment aggregate, row by row, and names every state', () => {
    const problems = sagaTableMismatches<Payment>('Payment', {
      states: Object.values(PaymentState),
      given: {
        '—': () => undefined,
        AUTHORIZED: authorized,
        DECLINED: () => create(20_000)().created,
        VOIDED: inState('VOIDED'),
        'AUTHORIZED (revision held)': () => {
          const payment = authorized();
          payment.reauthorize(REVISION, usd(5_000), account);
          return payment;
        },
      },
      on: {
        'OrderCreated (within the limit)': create(2_500),
        'OrderCreated (over the limit)': create(20_000),
        OrderRejected: (p) => p.void(),
        OrderCancelled: (p) => p.reverse(),
        'OrderRevisionRequested (within the limit)': (p) => p.reauthorize(randomUUID(), usd(5_000), account),
        'OrderRevisionRequested (over the limit)': (p) => p.reauthorize(randomUUID(), usd(50_000), account),
        OrderRevised: (p) => p.applyRevision(REVISION),
        OrderRevisionRefused: (p) => p.dropRevision(REVISION),
      },
    });
    expect(problems).toEqual([]);
  });
});
