import { randomUUID } from 'node:crypto';
import { MessageHeaders, OrderEventType, type Payment, Topics } from '@ftgo/contracts';
import { DeadLetterHeaders, deadLetterTopicOf } from '@ftgo/messaging';
import { loadRelayConfig, runOutboxRelay, type RunningRelay } from '@ftgo/outbox';
import { pollUntil } from '@ftgo/platform';
import { scrapeMetric } from '@ftgo/tools';
import { type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WellKnownAccounts } from './domain/well-known-accounts';
import type { PaymentView } from './http/payment.view';
import { type AccountingHarness, call, orderCreated, startAccountingHarness, usd } from './testing/accounting-harness';

let service: AccountingHarness;

beforeAll(async () => {
  service = await startAccountingHarness('accounting-service');
});

afterAll(async () => {
  await service?.stop();
});

const grpc = () => service.grpc;
const orders = { send: (eventType: string, payload: { orderId: string } & Record<string, unknown>, options?: { messageId?: string; key?: string }) => service.publishOrderEvent(eventType, payload, options) };
const deadLetters = (enough: (records: Awaited<ReturnType<AccountingHarness['readTopic']>>) => boolean) =>
  service.readTopic(deadLetterTopicOf(Topics.order, service.config.KAFKA_CONSUMER_GROUP), enough);

async function paymentOf(orderId: string): Promise<PaymentView | undefined> {
  const response = await fetch(`${service.url}/payments?orderId=${orderId}`);
  const [payment] = (await response.json()) as PaymentView[];
  return payment;
}

const paymentIn = (orderId: string, state: string, check: (p: PaymentView) => boolean = () => true) =>
  pollUntil(`order ${orderId}'s payment is ${state}`, async () => {
    const payment = await paymentOf(orderId);
    return payment?.state === state && check(payment) ? payment : undefined;
  });

interface OutboxRow {
  event_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

const outboxOf = (orderId: string): Promise<OutboxRow[]> =>
  service.dataSource.query(
    `SELECT event_type, aggregate_id, payload, headers FROM outbox_message WHERE payload->>'orderId' = $1 ORDER BY sequence`,
    [orderId],
  );

/** Order events acknowledged without a change (duplicates, late answers), from /metrics. */
const unchangedReactions = () => scrapeMetric(service.url, 'aggregate_reactions_unchanged_total', { topic: 'order.events' });

/** Resolves once the consumer committed the message's transaction (a dead-lettered message never gets there). */
const handled = (messageId: string) => service.handled(messageId);

async function authorizedOrder(consumerId = randomUUID(), totalMinor = 2_500) {
  const order = orderCreated(consumerId, totalMinor);
  await orders.send(OrderEventType.OrderCreated, order);
  const payment = await paymentIn(order.orderId, 'AUTHORIZED');
  return { order, payment };
}

describe('authorization on OrderCreated', () => {
  it('opens the account of a new consumer with the default limit, authorizes, and adds PaymentAuthorized to the outbox caused by the message', async () => {
    const order = orderCreated(randomUUID(), 2_500);
    const messageId = await orders.send(OrderEventType.OrderCreated, order);
    const payment = await paymentIn(order.orderId, 'AUTHORIZED');

    expect(payment).toMatchObject({ consumerId: order.consumerId, amount: usd(2_500), version: 1 });
    const account = await fetch(`${service.url}/accounts/${order.consumerId}`).then((r) => r.json());
    expect(account).toEqual({ consumerId: order.consumerId, enabled: true, authorizationLimit: usd(10_000) });
    const [row, ...others] = await outboxOf(order.orderId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      event_type: 'PaymentAuthorized',
      aggregate_id: payment.paymentId,
      payload: { paymentId: payment.paymentId, orderId: order.orderId, consumerId: order.consumerId, amount: usd(2_500) },
      headers: { [MessageHeaders.causationId]: messageId, [MessageHeaders.correlationId]: `corr-${order.orderId}` },
    });
  });

  it('declines over the limit with the reason, and OrderRejected then voids nothing (nothing was held)', async () => {
    const order = orderCreated(randomUUID(), 10_001);
    await orders.send(OrderEventType.OrderCreated, order);
    const declined = await paymentIn(order.orderId, 'DECLINED');
    expect(declined.declineReason).toBe('10001 USD minor units exceed the authorization limit of 10000 USD minor units');

    const rejection = await orders.send(OrderEventType.OrderRejected, { orderId: order.orderId, reason: declined.declineReason! });
    await handled(rejection);
    expect((await outboxOf(order.orderId)).map((row) => row.event_type)).toEqual(['PaymentDeclined']);
    expect(await paymentOf(order.orderId)).toMatchObject({ state: 'DECLINED', version: 1 });
  });

  it('declines every order of the seeded consumers: limit 0 and disabled', async () => {
    const zero = orderCreated(WellKnownAccounts.alwaysDeclined.consumerId, 1);
    const disabled = orderCreated(WellKnownAccounts.disabled.consumerId, 1);
    await orders.send(OrderEventType.OrderCreated, zero);
    await orders.send(OrderEventType.OrderCreated, disabled);
    expect((await paymentIn(zero.orderId, 'DECLINED')).declineReason).toContain('exceed the authorization limit of 0');
    expect((await paymentIn(disabled.orderId, 'DECLINED')).declineReason).toContain('is disabled');
  });
});

describe('compensation and cancellation', () => {
  it('voids an authorized payment when the order is rejected and emits PaymentVoided', async () => {
    const { order, payment } = await authorizedOrder();
    await orders.send(OrderEventType.OrderRejected, { orderId: order.orderId, reason: 'restaurant closed' });
    await paymentIn(order.orderId, 'VOIDED', (p) => p.version === 2);
    expect((await outboxOf(order.orderId)).at(-1)).toMatchObject({ event_type: 'PaymentVoided', payload: { paymentId: payment.paymentId, orderId: order.orderId } });
  });

  it('reverses an authorized payment when the order is cancelled and emits PaymentReversed with the amount', async () => {
    const { order, payment } = await authorizedOrder();
    await orders.send(OrderEventType.OrderCancelled, { orderId: order.orderId, cancellationId: randomUUID() });
    await paymentIn(order.orderId, 'REVERSED');
    expect((await outboxOf(order.orderId)).at(-1)).toMatchObject({
      event_type: 'PaymentReversed',
      payload: { paymentId: payment.paymentId, orderId: order.orderId, amount: usd(2_500) },
    });
  });
});

describe('re-authorization on revise', () => {
  it('re-authorizes a new total within the limit, applies it on OrderRevised, and declines a later one above the limit, which OrderRevisionRefused then drops', async () => {
    const { order } = await authorizedOrder(WellKnownAccounts.smallLimit.consumerId, 3_000);
    const lineItems = [{ menuItemId: 'pizza', quantity: 2 }];
    const accepted = randomUUID();
    await orders.send(OrderEventType.OrderRevisionRequested, { orderId: order.orderId, revisionId: accepted, lineItems, newTotal: usd(4_000) });
    await paymentIn(order.orderId, 'AUTHORIZED', (p) => p.pendingRevision?.revisionId === accepted);
    await orders.send(OrderEventType.OrderRevised, { orderId: order.orderId, revisionId: accepted, lineItems, total: usd(4_000) });
    await paymentIn(order.orderId, 'AUTHORIZED', (p) => p.amount.amountMinor === 4_000 && !p.pendingRevision);

    const refused = randomUUID();
    await orders.send(OrderEventType.OrderRevisionRequested, { orderId: order.orderId, revisionId: refused, lineItems, newTotal: usd(9_000) });
    await handled(await orders.send(OrderEventType.OrderRevisionRefused, { orderId: order.orderId, revisionId: refused, reason: 'over the limit' }));

    expect(await paymentOf(order.orderId)).toMatchObject({ state: 'AUTHORIZED', amount: usd(4_000) });
    const events = await outboxOf(order.orderId);
    expect(events.map((row) => row.event_type)).toEqual(['PaymentAuthorized', 'PaymentReauthorized', 'PaymentReauthorizationDeclined']);
    expect(events[2].payload).toMatchObject({ revisionId: refused, reason: '9000 USD minor units exceed the authorization limit of 5000 USD minor units' });
  });
});

describe('duplicates and bad input', () => {
  it('settles the order events accounting ignores (approved, cancel requested/refused) without a change or a dead letter', async () => {
    const { order } = await authorizedOrder();
    for (const [eventType, payload] of [
      [OrderEventType.OrderApproved, { orderId: order.orderId }],
      [OrderEventType.OrderCancelRequested, { orderId: order.orderId, cancellationId: randomUUID() }],
      [OrderEventType.OrderCancelRefused, { orderId: order.orderId, cancellationId: randomUUID(), reason: 'already preparing' }],
    ] as const) {
      await handled(await orders.send(eventType, payload));
    }
    expect(await paymentOf(order.orderId)).toMatchObject({ state: 'AUTHORIZED', version: 1 });
    expect(await outboxOf(order.orderId)).toHaveLength(1);
  });

  it('acknowledges every order event delivered again under a new message id: one effect each, counted, never dead-lettered', async () => {
    const order = orderCreated(randomUUID(), 1_000);
    const revisionId = randomUUID();
    const lineItems = [{ menuItemId: 'pizza', quantity: 2 }];
    const story: Array<[string, { orderId: string } & Record<string, unknown>]> = [
      [OrderEventType.OrderCreated, order],
      [OrderEventType.OrderRevisionRequested, { orderId: order.orderId, revisionId, lineItems, newTotal: usd(2_000) }],
      [OrderEventType.OrderRevised, { orderId: order.orderId, revisionId, lineItems, total: usd(2_000) }],
      [OrderEventType.OrderCancelled, { orderId: order.orderId, cancellationId: randomUUID() }],
    ];
    const dltTopic = deadLetterTopicOf(Topics.order, service.config.KAFKA_CONSUMER_GROUP);
    const deadBefore = await service.messageCount(dltTopic);
    const messageId = await orders.send(OrderEventType.OrderCreated, order);
    await orders.send(OrderEventType.OrderCreated, order, { messageId }); // a redelivery: the consumer skips it
    const before = await unchangedReactions();
    for (const [eventType, payload] of story) {
      await orders.send(eventType, payload);
      await orders.send(eventType, payload);
    }
    await paymentIn(order.orderId, 'REVERSED', (payment) => payment.amount.amountMinor === 2_000);
    await pollUntil('every copy to be acknowledged', async () => (await unchangedReactions()) - before >= 5);
    expect(await unchangedReactions()).toBe(before + 5);
    expect((await outboxOf(order.orderId)).map((row) => row.event_type)).toEqual(['PaymentAuthorized', 'PaymentReauthorized', 'PaymentReversed']);
    // A later message on the same partition: once it is handled, every copy above was settled.
    const marker = orderCreated(randomUUID(), 100);
    await orders.send(OrderEventType.OrderCreated, marker, { key: order.orderId });
    await paymentIn(marker.orderId, 'AUTHORIZED');
    expect(await service.messageCount(dltTopic)).toBe(deadBefore);
  });

  it('dead-letters an illegal transition (cancel after void) with the current state, and keeps handling the partition', async () => {
    const { order } = await authorizedOrder();
    await orders.send(OrderEventType.OrderRejected, { orderId: order.orderId, reason: 'kitchen refused' });
    await orders.send(OrderEventType.OrderCancelled, { orderId: order.orderId, cancellationId: randomUUID() });
    const later = orderCreated(randomUUID(), 100);
    await orders.send(OrderEventType.OrderCreated, later, { key: order.orderId });
    const dlt = await deadLetters((records) =>
      records.some((record) => record.key === order.orderId),
    );
    expect(dlt.find((record) => record.key === order.orderId)?.headers[DeadLetterHeaders.errorMessage]).toContain(
      'cannot reverse a payment that is VOIDED',
    );
    expect(await paymentOf(order.orderId)).toMatchObject({ state: 'VOIDED' });
    await paymentIn(later.orderId, 'AUTHORIZED');
  });

  it('dead-letters an OrderCreated that fails the contract schema and stores nothing for it', async () => {
    const orderId = randomUUID();
    await orders.send(OrderEventType.OrderCreated, { orderId, consumerId: randomUUID(), total: usd(-5) });
    const dlt = await deadLetters((records) =>
      records.some((record) => record.key === orderId),
    );
    expect(dlt.find((record) => record.key === orderId)?.headers[DeadLetterHeaders.errorMessage]).toContain('OrderCreated payload is invalid');
    expect(await paymentOf(orderId)).toBeUndefined();
  });
});

describe('reads over gRPC and REST', () => {
  const statusOf = (work: Promise<unknown>) => work.then(() => expect.fail('expected an error status'), (error: ServiceError) => error);

  it('answers GetPaymentByOrder, GetPayment and GetAccount with the stored payment and account', async () => {
    const { order, payment } = await authorizedOrder(undefined, 1_234);
    const byOrder = await call<{ orderId: string }, Payment>(grpc().getPaymentByOrder.bind(grpc()), { orderId: order.orderId });
    expect(byOrder).toEqual({
      paymentId: payment.paymentId,
      orderId: order.orderId,
      consumerId: order.consumerId,
      state: 'AUTHORIZED',
      amount: usd(1_234),
      declineReason: '',
      version: 1,
    });
    expect(await call(grpc().getPayment.bind(grpc()), { paymentId: payment.paymentId })).toEqual(byOrder);
    expect(await call(grpc().getAccount.bind(grpc()), { consumerId: order.consumerId })).toEqual({
      consumerId: order.consumerId,
      enabled: true,
      authorizationLimit: usd(10_000),
    });
  });

  it('maps a malformed id to INVALID_ARGUMENT and an unknown one to NOT_FOUND, with their messages', async () => {
    const unknown = randomUUID();
    expect(await statusOf(call(grpc().getPayment.bind(grpc()), { paymentId: 'nope' }))).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'paymentId: must be a UUID, got "nope"',
    });
    expect(await statusOf(call(grpc().getPaymentByOrder.bind(grpc()), { orderId: unknown }))).toMatchObject({
      code: status.NOT_FOUND,
      details: `no payment for order ${unknown}`,
    });
    expect(await statusOf(call(grpc().getAccount.bind(grpc()), { consumerId: unknown }))).toMatchObject({ code: status.NOT_FOUND });
  });

  it('answers REST 404 for an unknown account, 400 for a malformed id or an unknown query field, [] for an order without payment', async () => {
    const unknown = randomUUID();
    const account = await fetch(`${service.url}/accounts/${unknown}`);
    expect(account.status).toBe(404);
    expect(await account.json()).toMatchObject({ message: `no account for consumer ${unknown}` });
    const malformed = await fetch(`${service.url}/accounts/not-a-uuid`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: ['consumerId must be a UUID'] });
    const extra = await fetch(`${service.url}/payments?orderId=${unknown}&state=AUTHORIZED`);
    expect(extra.status).toBe(400);
    expect(JSON.stringify(await extra.json())).toContain('state');
    expect((await fetch(`${service.url}/payments`)).status).toBe(400);
    expect(await (await fetch(`${service.url}/payments?orderId=${unknown}`)).json()).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('documents both read endpoints at /docs-json', async () => {
    const document = (await fetch(`${service.url}/docs-json`).then((r) => r.json())) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/accounts/{consumerId}', '/payments']));
  });
});

describe('the relay publishes what the service wrote to its outbox', () => {
  let relay: RunningRelay;

  afterAll(async () => relay?.stop());

  it('puts PaymentAuthorized on accounting.payment.events keyed by payment id with the contract headers', async () => {
    const { order, payment } = await authorizedOrder();
    relay = await runOutboxRelay(
      loadRelayConfig({ DATABASE_URL: service.databaseUrl, KAFKA_BROKERS: service.brokers.join(','), OUTBOX_RELAY_HTTP_PORT: '0', OUTBOX_POLL_INTERVAL_MS: '20' }),
      { logger: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    );
    await pollUntil('the relay sent the outbox row', async () => {
      const [row]: { status: string }[] = await service.dataSource.query(`SELECT status FROM outbox_message WHERE aggregate_id = $1`, [payment.paymentId]);
      return row?.status === 'sent' ? true : undefined;
    });
    const records = await service.readTopic(Topics.payment, (read) => read.some((record) => record.key === payment.paymentId));
    const record = records.find((r) => r.key === payment.paymentId)!;
    expect(record.headers).toMatchObject({
      [MessageHeaders.eventType]: 'PaymentAuthorized',
      [MessageHeaders.aggregateType]: 'Payment',
      [MessageHeaders.correlationId]: `corr-${order.orderId}`,
    });
    expect(JSON.parse(record.value!)).toEqual({ paymentId: payment.paymentId, orderId: order.orderId, consumerId: order.consumerId, amount: usd(2_500) });
  });
});
