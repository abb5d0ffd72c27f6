import { pollUntil } from '@ftgo/platform';
import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineHandler, type MessageHandler } from '../handlers/message-handler';
import { consumerTestBed } from '../testing/consumer-test-bed';
import { createTopic, effectNotes, envelope, noteHandler, produce, testConsumerConfig } from '../testing/test-kit';
import type { SettledMessage } from './idempotent-consumer';

/** A read model keyed by the business id: the table an idempotent handler upserts into. */
class CreateTicketStatus1764000000002 implements MigrationInterface {
  name = 'CreateTicketStatus1764000000002';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE ticket_status (ticket_id text PRIMARY KEY, state text NOT NULL, version int NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE ticket_status`);
  }
}

/**
 * Idempotent by construction: "the ticket is now in `state` at `version`" is a fact, applied as
 * an upsert that never moves a row backwards. A second copy, or the same fact under a new message
 * id, or an older fact arriving late, leaves the row as it is.
 */
const ticketStatusHandler = (topic: string) =>
  defineHandler({
    topic,
    eventType: 'TicketStateChanged',
    schema: z.object({ ticketId: z.string(), state: z.string(), version: z.number().int() }),
    async handle({ ticketId, state, version }, { manager }) {
      await manager.query(
        `INSERT INTO ticket_status (ticket_id, state, version) VALUES ($1, $2, $3)
         ON CONFLICT (ticket_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version
         WHERE ticket_status.version < EXCLUDED.version`,
        [ticketId, state, version],
      );
    },
  });

// The two answers to duplicate delivery side by side: a handler that is idempotent needs no
// message-id tracking (`idempotency: 'handler-is-idempotent'`); one that is not (an insert)
// applies a duplicate twice without it — which is why tracking is the default.
describe('idempotent handlers instead of message-id tracking', () => {
  const bed = consumerTestBed('messaging_idempotent_handler', { migrations: [CreateTicketStatus1764000000002], tables: ['ticket_status'] });
  const { kafka } = bed;

  async function consumeUntracked(topic: string, handler: MessageHandler, expected: number): Promise<SettledMessage[]> {
    const settled: SettledMessage[] = [];
    await bed.start({
      handlers: [handler],
      config: { ...testConsumerConfig(`group-${randomUUID()}`), idempotency: 'handler-is-idempotent' },
      onSettled: (message) => void settled.push(message),
    });
    await pollUntil(`${expected} messages settled`, async () => settled.length === expected);
    return settled;
  }

  it('an upsert handler absorbs a redelivery, the same fact under a new id and a late older fact, without tracking', async () => {
    const topic = `idempotent-handler-${randomUUID()}`;
    await createTopic(kafka, topic);
    const accepted = envelope({ ticketId: 't-1', state: 'ACCEPTED', version: 2 }, { eventType: 'TicketStateChanged', messageId: randomUUID() });
    const preparing = envelope({ ticketId: 't-1', state: 'PREPARING', version: 3 }, { eventType: 'TicketStateChanged' });
    const sameFactNewId = envelope({ ticketId: 't-1', state: 'PREPARING', version: 3 }, { eventType: 'TicketStateChanged' });
    await produce(kafka, topic, [accepted, preparing, sameFactNewId, accepted]);

    const settled = await consumeUntracked(topic, ticketStatusHandler(topic), 4);

    expect(settled.map((s) => s.outcome), 'every copy reached the handler: nothing was filtered').toEqual(['processed', 'processed', 'processed', 'processed']);
    expect(await bed.dataSource.query('SELECT ticket_id, state, version FROM ticket_status')).toEqual([
      { ticket_id: 't-1', state: 'PREPARING', version: 3 },
    ]);
    expect(await bed.dataSource.query('SELECT count(*)::int AS n FROM processed_message')).toEqual([{ n: 0 }]);
  });

  it('a handler that is not idempotent (an insert) applies a redelivered message twice without tracking', async () => {
    const topic = `not-idempotent-${randomUUID()}`;
    await createTopic(kafka, topic);
    const messageId = randomUUID();
    await produce(kafka, topic, [envelope({ note: 'charge' }, { messageId }), envelope({ note: 'charge' }, { messageId })]);

    await consumeUntracked(topic, noteHandler(topic), 2);

    expect(await effectNotes(bed.dataSource)).toEqual(['charge', 'charge']);
  });
});
