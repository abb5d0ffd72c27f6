import { randomUUID } from 'node:crypto';
import { MessageHeaders, Topics } from '@ftgo/contracts';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { loadRelayConfig, type RunningRelay, runOutboxRelay } from '@ftgo/outbox';
import { ensureTopics, pollUntil } from '@ftgo/platform';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { request } from '@ftgo/tools';
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

async function ticketFor(order = orderCreated()): Promise<TicketSnapshot> {
  await kitchen.publishOrderEvent('OrderCreated', order);
  return pollUntil('the ticket of the order', async () => (await request<TicketSnapshot[]>('GET', `${kitchen.url}/tickets?orderId=${order.orderId}`)).body[0]);
}

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

describe('kitchen-service: answers to the order, published on kitchen.ticket.events', () => {
  it('cancels a ticket before preparation on OrderCancelRequested (TicketCancelled)', async () => {
    const ticket = await ticketFor();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    await kitchen.publishOrderEvent('OrderCancelRequested', { orderId: ticket.orderId });
    expect((await waitForEvent(ticket.id, 'TicketCancelled')).payload).toEqual({ ticketId: ticket.id, orderId: ticket.orderId });
    expect((await stateOf(ticket.id)).state).toBe('CANCELLED');
  });

  it('refuses to cancel once preparing (TicketCancelRefused with the reason) and keeps cooking', async () => {
    const ticket = await ticketFor();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() });
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`);
    await kitchen.publishOrderEvent('OrderCancelRequested', { orderId: ticket.orderId });
    expect((await waitForEvent(ticket.id, 'TicketCancelRefused')).payload).toMatchObject({ reason: 'the ticket is already PREPARING' });
    // A refusal changes nothing, not even the version a kitchen client may hold.
    expect(await stateOf(ticket.id)).toMatchObject({ state: 'PREPARING', version: 3 });
  });

  it('compensates a rejected order by cancelling its ticket (TicketCancelled)', async () => {
    const ticket = await ticketFor();
    await kitchen.publishOrderEvent('OrderRejected', { orderId: ticket.orderId, reason: 'payment declined' });
    await waitForEvent(ticket.id, 'TicketCancelled');
    expect((await stateOf(ticket.id)).state).toBe('CANCELLED');
  });

  it('accepts a revision before preparation, holds it, applies it on OrderRevised; blocks preparing meanwhile', async () => {
    const ticket = await ticketFor();
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
    const preparing = await ticketFor();
    await request('POST', `${kitchen.url}/tickets/${preparing.id}/accept`, { readyBy: later() });
    await request('POST', `${kitchen.url}/tickets/${preparing.id}/preparing`);
    const revise = (orderId: string, menuItemId: string) =>
      kitchen.publishOrderEvent('OrderRevisionRequested', {
        orderId, revisionId: randomUUID(), lineItems: [{ menuItemId, quantity: 1 }], newTotal: { amountMinor: 100, currency: 'USD' },
      });
    await revise(preparing.orderId, 'margherita');
    expect((await waitForEvent(preparing.id, 'TicketRevisionRefused')).payload).toMatchObject({ reason: 'the ticket is already PREPARING' });
    const fresh = await ticketFor();
    await revise(fresh.orderId, 'sushi');
    expect((await waitForEvent(fresh.id, 'TicketRevisionRefused')).payload).toMatchObject({ reason: `not on the menu of ${LUIGI.name}: sushi` });
    expect(await stateOf(fresh.id)).toMatchObject({ pendingRevision: null, lineItems: fresh.lineItems });
  });

  it('drops a pending revision on OrderRevisionRefused and keeps the old quantities', async () => {
    const ticket = await ticketFor();
    const revisionId = randomUUID();
    await kitchen.publishOrderEvent('OrderRevisionRequested', {
      orderId: ticket.orderId, revisionId, lineItems: [{ menuItemId: 'tiramisu', quantity: 3 }], newTotal: { amountMinor: 1950, currency: 'USD' },
    });
    await waitForEvent(ticket.id, 'TicketRevisionAccepted');
    await kitchen.publishOrderEvent('OrderRevisionRefused', { orderId: ticket.orderId, revisionId, reason: 'payment declined' });
    await pollUntil('the pending revision to be settled', async () => (await stateOf(ticket.id)).pendingRevision === null);
    expect((await stateOf(ticket.id)).lineItems).toEqual(ticket.lineItems);
  });

  it('dead-letters a malformed OrderCreated and goes on; order events it has no work for are not dead-lettered', async () => {
    const valid = orderCreated();
    await kitchen.publishOrderEvent('OrderCreated', { orderId: valid.orderId, restaurantId: 'nope' });
    await kitchen.publishOrderEvent('OrderApproved', { orderId: valid.orderId });
    // Same key, same partition: once this ticket exists, both messages above were settled.
    const ticket = await ticketFor(valid);
    expect(ticket.state).toBe('AWAITING_ACCEPTANCE');
    const dead = await pollUntil('the dead letter', async () => deadLetters.find((message) => message.key?.toString() === valid.orderId));
    expect(dead.headers?.[MessageHeaders.eventType]?.toString()).toBe('OrderCreated');
    expect(deadLetters.filter((message) => message.key?.toString() === valid.orderId)).toHaveLength(1);
  });
});
