import { randomUUID } from 'node:crypto';
import { MessageHeaders, Topics } from '@ftgo/contracts';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { loadRelayConfig, type RunningRelay, runOutboxRelay } from '@ftgo/outbox';
import { ensureTopics, pollUntil } from '@ftgo/platform';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { request, scrapeMetric } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketSnapshot } from './domain/ticket';
import { type KitchenHarness, LUIGI, orderCreated, startKitchenHarness } from './testing/kitchen-harness';

let kitchen: KitchenHarness;
let relay: RunningRelay;
let reader: Consumer;
const published: KafkaMessage[] = [];
const deadLetters: KafkaMessage[] = [];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  kitchen = await startKitchenHarness('kitchen-followups');
  const relayEnv = { DATABASE_URL: kitchen.databaseUrl, KAFKA_BROKERS: kitchen.brokers.join(','), OUTBOX_RELAY_HTTP_PORT: '0', OUTBOX_RELAY_HTTP_HOST: '127.0.0.1' };
  relay = await runOutboxRelay(loadRelayConfig(relayEnv), { logger: quiet });
  reader = kitchen.kafka.consumer({ groupId: `reader-${randomUUID()}`, sessionTimeout: 6_000, heartbeatInterval: 500 });
  await reader.connect();
  // The relay creates its topic on first publish; the reader subscribes before that.
  await ensureTopics(kitchen.kafka, [{ topic: Topics.ticket }]);
  const dlt = deadLetterTopicOf(Topics.order, 'kitchen-service');
  await reader.subscribe({ topics: [Topics.ticket, dlt], fromBeginning: true });
  await reader.run({ eachMessage: async ({ topic, message }) => void (topic === dlt ? deadLetters : published).push(message) });
});

afterAll(async () => {
  await reader?.disconnect();
  await relay?.stop();
  await kitchen?.stop();
});

/** The ticket's events as the order service would read them: from Kafka, published by the relay. */
function eventsOnKafka(ticketId: string) {
  return published
    .filter((message) => message.key?.toString() === ticketId)
    .map((message) => ({ type: message.headers?.[MessageHeaders.eventType]?.toString(), payload: JSON.parse(message.value?.toString() ?? '{}') }));
}

const waitForEvent = (ticketId: string, type: string) =>
  pollUntil(`${type} on Kafka`, async () => eventsOnKafka(ticketId).find((event) => event.type === type));

const stateOf = async (ticketId: string) => (await request<TicketSnapshot>('GET', `${kitchen.url}/tickets/${ticketId}`)).body;
const later = () => new Date(Date.now() + 30 * 60_000).toISOString();

const unchangedReactions = () => scrapeMetric(kitchen.url, 'aggregate_reactions_unchanged_total', { topic: 'order.events' });

describe('kitchen-service: answers to the order, published on kitchen.ticket.events', () => {
  it('holds a cancel before preparation (TicketCancelAccepted, CANCEL_PENDING: the verbs refuse it); OrderCancelled makes it final', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    const cancellationId = randomUUID();
    await kitchen.publishOrderEvent('OrderCancelRequested', { orderId: ticket.orderId, cancellationId });
    expect((await waitForEvent(ticket.id, 'TicketCancelAccepted')).payload).toEqual({ ticketId: ticket.id, orderId: ticket.orderId, cancellationId });
    expect(await stateOf(ticket.id)).toMatchObject({ state: 'CANCEL_PENDING', pendingCancel: { cancellationId, resumeState: 'ACCEPTED' } });
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`)).toMatchObject({
      status: 409,
      body: { currentState: 'CANCEL_PENDING', message: expect.stringContaining('(its order is deciding a cancel)') },
    });
    await kitchen.publishOrderEvent('OrderCancelled', { orderId: ticket.orderId, cancellationId });
    expect((await waitForEvent(ticket.id, 'TicketCancelled')).payload).toEqual({ ticketId: ticket.id, orderId: ticket.orderId });
    expect(await stateOf(ticket.id)).toMatchObject({ state: 'CANCELLED', pendingCancel: null });
  });

  it('releases a held cancel on OrderCancelRefused (the order stopped waiting): back to ACCEPTED, and cooking goes on', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    const cancellationId = randomUUID();
    await kitchen.publishOrderEvent('OrderCancelRequested', { orderId: ticket.orderId, cancellationId });
    await waitForEvent(ticket.id, 'TicketCancelAccepted');
    await kitchen.publishOrderEvent('OrderCancelRefused', { orderId: ticket.orderId, cancellationId, reason: 'the kitchen did not answer in time' });
    await pollUntil('the held cancel to be released', async () => (await stateOf(ticket.id)).state === 'ACCEPTED');
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`)).toMatchObject({ status: 200, body: { state: 'PREPARING' } });
    expect(eventsOnKafka(ticket.id).map((event) => event.type)).not.toContain('TicketCancelled');
  });

  it('refuses to cancel once preparing (TicketCancelRefused with the reason) and keeps cooking', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`);
    const cancellationId = randomUUID();
    await kitchen.publishOrderEvent('OrderCancelRequested', { orderId: ticket.orderId, cancellationId });
    expect((await waitForEvent(ticket.id, 'TicketCancelRefused')).payload).toMatchObject({ cancellationId, reason: 'the ticket is already PREPARING' });
    // A refusal changes nothing, not even the version a kitchen client may hold.
    expect(await stateOf(ticket.id)).toMatchObject({ state: 'PREPARING', version: 4 });
  });

  it('compensates a rejected order by cancelling its pending ticket (TicketCancelled), which was never cookable', async () => {
    const ticket = await kitchen.pendingTicketFor();
    await kitchen.publishOrderEvent('OrderRejected', { orderId: ticket.orderId, reason: 'payment declined' });
    await waitForEvent(ticket.id, 'TicketCancelled');
    expect((await stateOf(ticket.id)).state).toBe('CANCELLED');
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() })).toMatchObject({ status: 409, body: { currentState: 'CANCELLED' } });
  });

  it('accepts a revision before preparation, holds it, applies it on OrderRevised; blocks preparing meanwhile', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const revisionId = randomUUID();
    const lineItems = [{ menuItemId: 'margherita', quantity: 5 }];
    await kitchen.publishOrderEvent('OrderRevisionRequested', { orderId: ticket.orderId, revisionId, lineItems, newTotal: { amountMinor: 5500, currency: 'USD' } });
    expect((await waitForEvent(ticket.id, 'TicketRevisionAccepted')).payload).toMatchObject({ revisionId });
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`)).toMatchObject({ status: 409, body: { currentState: 'ACCEPTED' } });
    await kitchen.publishOrderEvent('OrderRevised', { orderId: ticket.orderId, revisionId, lineItems, total: { amountMinor: 5500, currency: 'USD' } });
    await pollUntil('the pending revision to be settled', async () => (await stateOf(ticket.id)).pendingRevision === null);
    expect((await stateOf(ticket.id)).lineItems).toEqual(lineItems);
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`)).toMatchObject({ status: 200 });
  });

  it('refuses a revision once preparing, and one with an item not on the menu; a refused revision changes nothing', async () => {
    const preparing = await kitchen.confirmedTicketFor();
    await request('POST', `${kitchen.url}/tickets/${preparing.id}/accept`, { readyBy: later() });
    await request('POST', `${kitchen.url}/tickets/${preparing.id}/preparing`);
    const revise = (orderId: string, menuItemId: string) =>
      kitchen.publishOrderEvent('OrderRevisionRequested', {
        orderId, revisionId: randomUUID(), lineItems: [{ menuItemId, quantity: 1 }], newTotal: { amountMinor: 100, currency: 'USD' },
      });
    await revise(preparing.orderId, 'margherita');
    expect((await waitForEvent(preparing.id, 'TicketRevisionRefused')).payload).toMatchObject({ reason: 'the ticket is already PREPARING' });
    const fresh = await kitchen.confirmedTicketFor();
    await revise(fresh.orderId, 'sushi');
    expect((await waitForEvent(fresh.id, 'TicketRevisionRefused')).payload).toMatchObject({ reason: `not on the menu of ${LUIGI.name}: sushi` });
    expect(await stateOf(fresh.id)).toMatchObject({ pendingRevision: null, lineItems: fresh.lineItems });
  });

  it('drops a pending revision on OrderRevisionRefused and keeps the old quantities', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const revisionId = randomUUID();
    await kitchen.publishOrderEvent('OrderRevisionRequested', {
      orderId: ticket.orderId, revisionId, lineItems: [{ menuItemId: 'tiramisu', quantity: 3 }], newTotal: { amountMinor: 1950, currency: 'USD' },
    });
    await waitForEvent(ticket.id, 'TicketRevisionAccepted');
    await kitchen.publishOrderEvent('OrderRevisionRefused', { orderId: ticket.orderId, revisionId, reason: 'payment declined' });
    await pollUntil('the pending revision to be settled', async () => (await stateOf(ticket.id)).pendingRevision === null);
    expect((await stateOf(ticket.id)).lineItems).toEqual(ticket.lineItems);
  });

  it('acknowledges every order event delivered again under a new message id: one effect each, counted, never dead-lettered', async () => {
    const order = orderCreated();
    const revisionId = randomUUID();
    const cancellationId = randomUUID();
    const lineItems = [{ menuItemId: 'margherita', quantity: 3 }];
    const story: Array<[string, object]> = [
      ['OrderCreated', order],
      ['OrderApproved', { orderId: order.orderId }],
      ['OrderRevisionRequested', { orderId: order.orderId, revisionId, lineItems, newTotal: { amountMinor: 3300, currency: 'USD' } }],
      ['OrderRevised', { orderId: order.orderId, revisionId, lineItems, total: { amountMinor: 3300, currency: 'USD' } }],
      ['OrderCancelRequested', { orderId: order.orderId, cancellationId }],
      ['OrderCancelled', { orderId: order.orderId, cancellationId }],
      ['OrderCancelRefused', { orderId: order.orderId, cancellationId, reason: 'late and contradicted: still nothing to do' }],
    ];
    const before = await unchangedReactions();
    for (const [eventType, payload] of story) {
      await kitchen.publishOrderEvent(eventType, payload);
      await kitchen.publishOrderEvent(eventType, payload);
    }
    const ticket = await pollUntil('the ticket to be cancelled', async () => {
      const [found] = (await request<TicketSnapshot[]>('GET', `${kitchen.url}/tickets?orderId=${order.orderId}`)).body;
      return found?.state === 'CANCELLED' ? found : undefined;
    });
    await pollUntil('every copy to be acknowledged', async () => (await unchangedReactions()) - before >= 8);
    expect(await unchangedReactions()).toBe(before + 8);
    expect(ticket.lineItems).toEqual(lineItems);
    expect((await kitchen.outbox(ticket.id)).map((row) => row.event_type)).toEqual([
      'TicketCreated',
      'TicketConfirmed',
      'TicketRevisionAccepted',
      'TicketCancelAccepted',
      'TicketCancelled',
    ]);
    expect(deadLetters.filter((message) => message.key?.toString() === order.orderId)).toEqual([]);
  });

  it('dead-letters a malformed OrderCreated and goes on with the order\'s next events', async () => {
    const valid = orderCreated();
    await kitchen.publishOrderEvent('OrderCreated', { orderId: valid.orderId, restaurantId: 'nope' });
    // Same key, same partition: once this ticket exists, the message above was settled.
    const ticket = await kitchen.pendingTicketFor(valid);
    expect(ticket.state).toBe('CREATE_PENDING');
    const dead = await pollUntil('the dead letter', async () => deadLetters.find((message) => message.key?.toString() === valid.orderId));
    expect(dead.headers?.[MessageHeaders.eventType]?.toString()).toBe('OrderCreated');
    expect(deadLetters.filter((message) => message.key?.toString() === valid.orderId)).toHaveLength(1);
  });
});
