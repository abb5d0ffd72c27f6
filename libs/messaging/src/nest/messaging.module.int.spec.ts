import { type DynamicModule, type INestApplication, Injectable, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DatabaseModule, HealthModule, pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
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
import type { ConsumerConfigInput } from '../consumer/consumer-config';
import { ConsumerLifecycle } from './consumer-lifecycle';
import { ConsumerReadinessIndicator } from './consumer-readiness.indicator';
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

const stuckTopic = `nest-stuck-${randomUUID()}`;

/** Fails every message the way a database that refuses connections does: retried without limit. */
@Injectable()
class UnreachableHandler {
  @EventHandler(stuckTopic, 'NoteTaken', { schema })
  async onNoteTaken(): Promise<void> {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  }
}

describe('MessagingModule in a Nest application', () => {
  const kafka = testKafka();
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_nest');
    await createTopic(kafka, topic);
    await createTopic(kafka, stuckTopic);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** An application with the database, the messaging module for `consumer`, the given handlers and any extra module. */
  async function startApp(consumer: ConsumerConfigInput, handlers: Type[], extra: DynamicModule[] = []): Promise<INestApplication> {
    const module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: database.url, migrations: testMigrations }),
        MessagingModule.forRoot({ clientId: 'nest-test', brokers: process.env.KAFKA_BROKERS!.split(','), consumer }),
        ...extra,
      ],
      providers: handlers,
    }).compile();
    const app = await module.createNestApplication().init();
    await app.get(ConsumerLifecycle).started();
    return app;
  }

  it('starts consuming with the app, hands messages to the @EventHandler methods it finds, and commits on app.close()', async () => {
    const groupId = `group-${randomUUID()}`;
    const app = await startApp(testConsumerConfig(groupId), [NotesHandler]);
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

  it('reports a partition stuck on one message as degraded in /health/ready, with its offset and error', async () => {
    const groupId = `group-${randomUUID()}`;
    const app = await startApp({ ...testConsumerConfig(groupId), stuckAfterRetries: 2 }, [UnreachableHandler], [
      HealthModule.forRoot({ readiness: [ConsumerReadinessIndicator] }),
    ]);
    try {
      const ready = () => request(app.getHttpServer()).get('/health/ready');
      expect((await ready().expect(200)).body.details['kafka-consumer']).toEqual({ status: 'up', group: 'joined' });
      await produce(kafka, stuckTopic, [envelope({ note: 'never' })]);
      await pollUntil('readiness shows the stuck partition', async () => (await ready()).body.status === 'degraded');
      const { body } = await ready().expect(200);
      expect(body.details['kafka-consumer']).toMatchObject({
        status: 'degraded',
        stuck: [{ topic: stuckTopic, partition: 0, offset: '0', error: 'connect ECONNREFUSED 127.0.0.1:1' }],
      });
    } finally {
      await app.close();
    }
  });
});
