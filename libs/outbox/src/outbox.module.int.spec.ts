import { randomUUID } from 'node:crypto';
import { DatabaseModule } from '@ftgo/platform';
import { Test, type TestingModule } from '@nestjs/testing';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxHealthIndicator } from './observability/outbox-health.indicator';
import { InvalidOutboxEventError, Outbox } from './outbox';
import { OutboxModule } from './outbox.module';
import { outboxMigrations } from './schema/create-outbox-table.migration';

let database: ScratchDatabase;
let moduleRef: TestingModule;

beforeAll(async () => {
  database = await createScratchDatabase('outbox_module');
  moduleRef = await Test.createTestingModule({
    imports: [DatabaseModule.forRoot({ url: database.url, migrations: outboxMigrations }), OutboxModule.forRoot({ maxOldestUnsentAgeMs: 60_000 })],
  }).compile();
  await moduleRef.init();
});

afterAll(async () => {
  await moduleRef?.close();
  await database?.drop();
});

describe('OutboxModule in a service', () => {
  it('runs the outbox migration through DatabaseModule and injects a working Outbox that checks the event catalog', async () => {
    const dataSource = moduleRef.get(DataSource);
    const outbox = moduleRef.get(Outbox);
    const event = { topic: 'order.events', aggregateType: 'Order', aggregateId: randomUUID(), eventType: 'OrderApproved' };
    await expect(dataSource.transaction((manager) => outbox.add(manager, { ...event, payload: {} }))).rejects.toThrow(InvalidOutboxEventError);
    const [id] = await dataSource.transaction((manager) => outbox.add(manager, { ...event, payload: { orderId: event.aggregateId } }));
    const [row] = await dataSource.query(`SELECT status, topic FROM outbox_message WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'pending', topic: 'order.events' });
  });

  it('reports the service unready when the oldest unsent row is older than the threshold, ready once it is sent', async () => {
    const dataSource = moduleRef.get(DataSource);
    const indicator = moduleRef.get(OutboxHealthIndicator);
    await dataSource.query(`UPDATE outbox_message SET created_at = now() - interval '1 hour'`);
    expect((await indicator.check()).outbox.status).toBe('down');
    await dataSource.query(`UPDATE outbox_message SET status = 'sent', sent_at = now()`);
    expect((await indicator.check()).outbox.status).toBe('up');
  });
});
