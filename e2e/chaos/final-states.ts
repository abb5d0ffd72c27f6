import { request } from '@ftgo/tools';
import { Client } from 'pg';
import type { Endpoints, Expectation } from './order-scenarios';
import type { WrittenEvent } from './kafka-view';

/** Why one order is not where it should be; empty when it is. */
export async function wrongnessOf(expectation: Expectation, endpoints: Endpoints & { accounting: string }): Promise<string[]> {
  const [order, tickets, payments] = await Promise.all([
    request('GET', `${endpoints.order}/orders/${expectation.orderId}`),
    request('GET', `${endpoints.kitchen}/tickets?orderId=${expectation.orderId}`),
    request('GET', `${endpoints.accounting}/payments?orderId=${expectation.orderId}`),
  ]);
  const wrong: string[] = [order, tickets, payments].filter((answer) => answer.status !== 200).map((answer) => `a read answered ${answer.status}`);
  if (order.body?.state !== expectation.orderState) wrong.push(`order ${order.body?.state} instead of ${expectation.orderState}`);
  if (order.body?.total?.amountMinor !== expectation.totalMinor) wrong.push(`order total ${order.body?.total?.amountMinor}`);
  if (tickets.body?.length !== 1) wrong.push(`${tickets.body?.length} tickets`);
  else if (!expectation.ticketStates.includes(tickets.body[0].state)) wrong.push(`ticket ${tickets.body[0].state}`);
  if (payments.body?.length !== 1) wrong.push(`${payments.body?.length} payments`);
  else {
    if (payments.body[0].state !== expectation.paymentState) wrong.push(`payment ${payments.body[0].state}`);
    if (payments.body[0].amount?.amountMinor !== expectation.paymentMinor) wrong.push(`payment amount ${payments.body[0].amount?.amountMinor}`);
  }
  return wrong.map((what) => `${expectation.kind} order ${expectation.orderId}: ${what}`);
}

/** Rows a relay has still to publish or gave up on, from its own /metrics. */
export async function unpublishedOf(relayUrl: string): Promise<number> {
  const metrics = await (await fetch(`${relayUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  return value('outbox_backlog_messages') + value('outbox_failed_messages');
}

/** Every event the service's outbox holds (retention keeps them a day). */
export async function writtenEvents(databaseUrl: string): Promise<WrittenEvent[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; sequence: string; topic: string }>('SELECT id, sequence, topic FROM outbox_message');
    return rows.map((row) => ({ id: row.id, sequence: Number(row.sequence), topic: row.topic }));
  } finally {
    await client.end();
  }
}
