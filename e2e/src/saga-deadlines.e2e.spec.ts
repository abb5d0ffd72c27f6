import { pollUntil } from '@ftgo/platform';
import { request } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConsumer, orderRequest } from './support/fixtures';
import { System } from './support/system';

// The saga deadlines of docs/flows.md with a real outage: accounting is stopped for longer than
// every deadline, and each pending order decides without it, has its ticket compensated, and
// leaves nothing pending. The three waits overlap: all three commands are issued while
// accounting is down, then each test checks its own outcome.
const DEADLINES = {
  APPROVAL_DEADLINE_MS: '20000',
  CANCEL_DEADLINE_MS: '15000',
  REVISION_DEADLINE_MS: '15000',
  DEADLINE_POLL_INTERVAL_MS: '250',
};
/** Long enough for a deadline to pass and its compensation to travel, on a busy machine. */
const OUTLASTS_A_DEADLINE = 60_000;

interface Order {
  id: string;
  state: string;
  reason: string | null;
  deadline: string | null;
  pendingChange: unknown;
  total: { amountMinor: number };
}

describe('saga deadlines while accounting is down', () => {
  let system: System;
  const order = (path = '') => `${system.url('order-service')}/orders${path}`;
  const kitchen = (path: string) => `${system.url('kitchen-service')}${path}`;
  const accounting = (path: string) => `${system.url('accounting-service')}${path}`;
  const orderUntil = (id: string, what: string, until: (o: Order) => boolean): Promise<Order> =>
    pollUntil(`order ${id} to be ${what}`, () => request('GET', order(`/${id}`)).then((r) => r.body as Order), { until, timeoutMs: OUTLASTS_A_DEADLINE });
  const ticketUntil = async (orderId: string, what: string, until: (ticket: { state: string; pendingRevision?: unknown }) => boolean) =>
    (await pollUntil(`the ticket of order ${orderId} to be ${what}`, () => request('GET', kitchen(`/tickets?orderId=${orderId}`)), { until: (r) => r.body.length === 1 && until(r.body[0]), timeoutMs: OUTLASTS_A_DEADLINE })).body[0];
  const paymentUntil = async (orderId: string, what: string, until: (payment: { state: string; amount: { amountMinor: number }; pendingRevision?: unknown }) => boolean) =>
    (await pollUntil(`the payment of order ${orderId} to be ${what}`, () => request('GET', accounting(`/payments?orderId=${orderId}`)), { until: (r) => r.body.length === 1 && until(r.body[0]), timeoutMs: OUTLASTS_A_DEADLINE })).body[0];
  const approvedOrder = async (): Promise<Order> => {
    const created = await request('POST', order(), orderRequest(newConsumer(), 2));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const approved = await orderUntil(created.body.id, 'APPROVED', (o) => o.state === 'APPROVED');
    await ticketUntil(approved.id, 'AWAITING_ACCEPTANCE', (ticket) => ticket.state === 'AWAITING_ACCEPTANCE');
    return approved;
  };

  let created: Order;
  let toCancel: Order;
  let toRevise: Order;

  beforeAll(async () => {
    system = await System.start(DEADLINES);
    [toCancel, toRevise] = await Promise.all([approvedOrder(), approvedOrder()]);
    await system.stopOne('accounting-service');
    const answers = await Promise.all([
      request('POST', order(), orderRequest(newConsumer(), 1)),
      request('POST', order(`/${toCancel.id}/cancel`), {}),
      request('POST', order(`/${toRevise.id}/revise`), { lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 3 }] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 202, 202]);
    created = answers[0].body;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('create: the order is REJECTED with a reason once its approval deadline passes, and its pending ticket is cancelled', async () => {
    expect(created).toMatchObject({ state: 'APPROVAL_PENDING', deadline: expect.any(String) });
    const rejected = await orderUntil(created.id, 'REJECTED', (o) => o.state === 'REJECTED');
    expect(rejected).toMatchObject({ reason: 'the approval deadline passed with no answer from accounting', deadline: null });
    await ticketUntil(created.id, 'CANCELLED', (ticket) => ticket.state === 'CANCELLED');
  });

  it('cancel: the kitchen holds the cancel, the cancel deadline completes it without accounting, and the ticket is cancelled', async () => {
    const cancelled = await orderUntil(toCancel.id, 'CANCELLED', (o) => o.state === 'CANCELLED');
    expect(cancelled).toMatchObject({ reason: expect.stringContaining('the cancel deadline passed'), deadline: null, pendingChange: null });
    await ticketUntil(toCancel.id, 'CANCELLED', (ticket) => ticket.state === 'CANCELLED');
  });

  it('revise: the revision deadline drops the revision — APPROVED unchanged with the reason — and the kitchen drops what it held', async () => {
    const unchanged = await orderUntil(toRevise.id, 'APPROVED again', (o) => o.state === 'APPROVED' && o.reason !== null);
    expect(unchanged).toMatchObject({ reason: 'the revision deadline passed with no answer from accounting', deadline: null, pendingChange: null });
    expect(unchanged.total.amountMinor).toBe(toRevise.total.amountMinor);
    await ticketUntil(toRevise.id, 'without a pending revision', (ticket) => ticket.state === 'AWAITING_ACCEPTANCE' && !ticket.pendingRevision);
  });

  it('accounting back: it compensates from the events that waited for it — voided, reversed, the old amount — and no order is pending', async () => {
    await system.restartOne('accounting-service');
    await paymentUntil(created.id, 'VOIDED', (payment) => payment.state === 'VOIDED');
    await paymentUntil(toCancel.id, 'REVERSED', (payment) => payment.state === 'REVERSED');
    const kept = await paymentUntil(toRevise.id, 'AUTHORIZED without the revision', (payment) => payment.state === 'AUTHORIZED' && !payment.pendingRevision);
    expect(kept.amount.amountMinor).toBe(toRevise.total.amountMinor);
    const pendingOrders = async () => {
      const text = await (await fetch(`${system.url('order-service')}/metrics`)).text();
      return [...text.matchAll(/^saga_pending\{[^}]*aggregate_type="Order"[^}]*\} (\d+)$/gm)].map(([, count]) => Number(count));
    };
    const counts = await pollUntil('no order to be pending', pendingOrders, { until: (found) => found.length > 0 && found.every((count) => count === 0) });
    expect(counts.length).toBeGreaterThan(0);
  });
});
