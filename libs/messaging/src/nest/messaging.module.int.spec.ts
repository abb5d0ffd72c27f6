import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DatabaseModule, pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventHandler } from '../handlers/event-handler.decorator';
import type { HandlerContext } from '../handlers/message-handler';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  produce,
  testConsumerConfig,
  testKafka,
  testMigrations,
} from '../testing/test-kit';
import { MessagingModule } from './messaging.module';

const topic = `nest-${randomUUID()}`;
const schema = z.object({ note: z.string() });

/** A provider like any other; the module finds the decorated method. */
@Injectable()
class NotesHandler {
  @EventHandler(topic, 'NoteTaken', { schema })
  async onNoteTaken(payload: z.infer<typeof schema>, { manager, message }: HandlerContext): Promise<void> {
    await manager.query('INSERT INTO effect (message_id, note) VALUES ($1, $2)', [message.messageId, payload.note]);
  }
}

describe('MessagingModule in a Nest application', () => {
  const kafka = testKafka();
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_nest');
    await createTopic(kafka, topic);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('starts consuming with the app, hands messages to the @EventHandler methods it finds, and commits on app.close()', async () => {
    const groupId = `group-${randomUUID()}`;
    const module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: database.url, migrations: testMigrations }),
        MessagingModule.forRoot({
          clientId: 'nest-test',
          brokers: process.env.KAFKA_BROKERS!.split(','),
          consumer: testConsumerConfig(groupId),
        }),
      ],
      providers: [NotesHandler],
    }).compile();
    const app = await module.createNestApplication().init();
    const dataSource = app.get(DataSource);
    try {
      await produce(kafka, topic, [envelope({ note: 'via nest' })]);
      await pollUntil('the handler ran', async () => (await effectNotes(dataSource)).length === 1);
      expect(await effectNotes(dataSource)).toEqual(['via nest']);
    } finally {
      await app.close();
    }
    expect(await committedOffset(kafka, groupId, topic)).toBe('1');
  });
});
