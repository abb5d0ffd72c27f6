import { pollUntil } from '@ftgo/platform';
import { randomUUID } from 'node:crypto';
import { MessageHeaders } from '@ftgo/contracts';
import { request } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketSnapshot } from './domain/ticket';
import { CLOSED_SUSHI, type KitchenHarness, LUIGI, orderCreated, startKitchenHarness } from './testing/kitchen-harness';

let kitchen: KitchenHarness;

beforeAll(async () => {
  kitchen = await startKitchenHarness('kitchen-flow');
});

afterAll(async () => {
  await kitchen?.stop();
});

const eventTypes = async (ticketId: string) => (await kitchen.outbox(ticketId)).map((row) => row.event_type);
const later = () => new Date(Date.now() + 30 * 60_000).toISOString();

describe('kitchen-service: tickets from order events', () => {
  it('creates a CREATE_PENDING ticket from OrderCreated, with TicketCreated in the outbox caused by that message', async () => {
    const order = orderCreated(LUIGI, [['margherita', 2], ['tiramisu', 1]]);
    const correlationId = randomUUID();
    const messageId = await kitchen.publishOrderEvent('OrderCreated', order, { correlationId });
    const ticket = await pollUntil('the ticket of the order', async () => (await request<TicketSnapshot[]>('GET', `${kitchen.url}/tickets?orderId=${order.orderId}`)).body[0]);
    expect(ticket).toMatchObject({ state: 'CREATE_PENDING', restaurantId: LUIGI.id, version: 1 });
    expect(ticket.lineItems).toEqual([{ menuItemId: 'margherita', quantity: 2 }, { menuItemId: 'tiramisu', quantity: 1 }]);
    const [row] = await kitchen.outbox(ticket.id);
    expect(row).toMatchObject({ event_type: 'TicketCreated', payload: { ticketId: ticket.id, orderId: order.orderId } });
    expect(row.headers).toMatchObject({ [MessageHeaders.causationId]: messageId, [MessageHeaders.correlationId]: correlationId });
  });

  it('refuses every verb over REST while the order is not approved (409, CREATE_PENDING), confirms the ticket on OrderApproved, then accepts', async () => {
    const ticket = await kitchen.pendingTicketFor();
    for (const [verb, body] of [['accept', { readyBy: later() }], ['preparing', {}], ['ready-for-pickup', {}], ['picked-up', {}]] as const) {
      expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/${verb}`, body), verb).toMatchObject({
        status: 409,
        body: { currentState: 'CREATE_PENDING', message: expect.stringContaining('(its order is not approved yet)') },
      });
    }
    await kitchen.publishOrderEvent('OrderApproved', { orderId: ticket.orderId });
    await pollUntil('TicketConfirmed in the outbox', async () => (await eventTypes(ticket.id)).includes('TicketConfirmed'));
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() })).toMatchObject({ status: 200, body: { state: 'ACCEPTED' } });
    expect(await eventTypes(ticket.id)).toEqual(['TicketCreated', 'TicketConfirmed', 'TicketAccepted']);
  });

  it('creates one ticket and one TicketCreated when the same OrderCreated is delivered twice, and again under a new message id', async () => {
    const order = orderCreated();
    const messageId = randomUUID();
    await kitchen.publishOrderEvent('OrderCreated', order, { messageId });
    await kitchen.publishOrderEvent('OrderCreated', order, { messageId });
    const ticket = await kitchen.pendingTicketFor({ ...orderCreated(), orderId: order.orderId }); // a third copy under a new id
    // A later event of the same order (same partition) proves the duplicates were settled before it.
    await kitchen.publishOrderEvent('OrderApproved', { orderId: order.orderId });
    await pollUntil('TicketConfirmed in the outbox', async () => (await eventTypes(ticket.id)).includes('TicketConfirmed'));
    expect(await eventTypes(ticket.id)).toEqual(['TicketCreated', 'TicketConfirmed']);
    const [{ count }] = await kitchen.dataSource.query(`SELECT count(*)::int AS count FROM ticket WHERE order_id = $1`, [order.orderId]);
    expect(count).toBe(1);
  });

  it('stores a REJECTED ticket with TicketRejected when the restaurant is not accepting orders', async () => {
    const ticket = await kitchen.pendingTicketFor(orderCreated(CLOSED_SUSHI, [['salmon-nigiri', 1]]));
    expect(ticket.state).toBe('REJECTED');
    const [row] = await kitchen.outbox(ticket.id);
    expect(row).toMatchObject({ event_type: 'TicketRejected', payload: { reason: 'restaurant Sushi Corner is not accepting orders' } });
  });

  it('follows accept → preparing → ready-for-pickup → picked-up over REST, one outbox event per verb', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const readyBy = later();
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy })).toMatchObject({
      status: 200,
      body: { state: 'ACCEPTED', readyBy: new Date(readyBy).toISOString(), version: 3 },
    });
    for (const [verb, state] of [['preparing', 'PREPARING'], ['ready-for-pickup', 'READY_FOR_PICKUP'], ['picked-up', 'PICKED_UP']]) {
      expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/${verb}`)).toMatchObject({ status: 200, body: { state } });
    }
    expect(await eventTypes(ticket.id)).toEqual([
      'TicketCreated',
      'TicketConfirmed',
      'TicketAccepted',
      'TicketPreparationStarted',
      'TicketReadyForPickup',
      'TicketPickedUp',
    ]);
  });

  it('stamps the caller\'s x-correlation-id on the event a REST verb writes to the outbox', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const correlationId = randomUUID();
    await request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() }, { 'x-correlation-id': correlationId });
    const accepted = (await kitchen.outbox(ticket.id)).find((row) => row.event_type === 'TicketAccepted');
    expect(accepted?.headers[MessageHeaders.correlationId]).toBe(correlationId);
  });

  it('refuses an illegal verb with 409 and the current state, and stores nothing', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const answer = await request('POST', `${kitchen.url}/tickets/${ticket.id}/picked-up`);
    expect(answer).toMatchObject({ status: 409, body: { currentState: 'AWAITING_ACCEPTANCE', message: expect.stringContaining('cannot mark picked up') } });
    expect((await request<TicketSnapshot>('GET', `${kitchen.url}/tickets/${ticket.id}`)).body).toMatchObject({ state: 'AWAITING_ACCEPTANCE', version: 2 });
    expect(await eventTypes(ticket.id)).toEqual(['TicketCreated', 'TicketConfirmed']);
  });

  it('answers bad requests with 400/404/422 and a message, and changes nothing', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const accept = (body: unknown, id = ticket.id) => request('POST', `${kitchen.url}/tickets/${id}/accept`, body);
    expect(await accept({ readyBy: later(), extra: 1 })).toMatchObject({ status: 400, body: { message: expect.anything() } });
    expect(await accept({ readyBy: 'tomorrow' })).toMatchObject({ status: 400 });
    expect(await accept('{not json')).toMatchObject({ status: 400 });
    expect(await accept({ readyBy: new Date(Date.now() - 60_000).toISOString() })).toMatchObject({
      status: 422,
      body: { message: 'readyBy must be in the future' },
    });
    expect(await accept({ readyBy: later() }, randomUUID())).toMatchObject({ status: 404 });
    expect(await accept({ readyBy: later() }, 'not-a-uuid')).toMatchObject({ status: 400 });
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`, { surprise: true })).toMatchObject({ status: 400 });
    expect((await request<TicketSnapshot>('GET', `${kitchen.url}/tickets/${ticket.id}`)).body).toMatchObject({ state: 'AWAITING_ACCEPTANCE', version: 2 });
    expect(await eventTypes(ticket.id)).toEqual(['TicketCreated', 'TicketConfirmed']);
  });

  it('lets exactly one of two concurrent accepts win; the other gets 409, and a stale expectedVersion gets 409', async () => {
    const ticket = await kitchen.confirmedTicketFor();
    const answers = await Promise.all([1, 2].map(() => request('POST', `${kitchen.url}/tickets/${ticket.id}/accept`, { readyBy: later() })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await eventTypes(ticket.id)).toEqual(['TicketCreated', 'TicketConfirmed', 'TicketAccepted']);
    const stale = await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`, { expectedVersion: 2 });
    expect(stale).toMatchObject({ status: 409, body: { message: expect.stringContaining('changed concurrently (current version 3)') } });
    expect(await request('POST', `${kitchen.url}/tickets/${ticket.id}/preparing`, { expectedVersion: 3 })).toMatchObject({ status: 200 });
  });
});
