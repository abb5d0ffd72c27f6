import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, type INestApplication, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { NotFoundError } from '@ftgo/contracts';
import { type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import request from 'supertest';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseModule } from '../database/database.module';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { DomainErrorFilter } from './domain-error.filter';

class CreateNotes1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query('CREATE TABLE note (id uuid PRIMARY KEY, body text NOT NULL)');
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE note');
  }
}

/** A read and a one-transaction write, written the way the services write theirs. */
@Controller('notes')
class NotesController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    const [note] = await this.dataSource.query('SELECT id, body FROM note WHERE id = $1', [id]);
    if (!note) throw new NotFoundException(`no note ${id}`);
    return note;
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: { id: string; body: string }) {
    await this.dataSource.transaction((manager) => manager.query('INSERT INTO note (id, body) VALUES ($1, $2)', [body.id, body.body]));
    return body;
  }

  @Get(':id/owner')
  owner(@Param('id') id: string) {
    throw new NotFoundError(`note ${id} has no owner`);
  }
}

describe('DatabaseUnavailableFilter: the HTTP answer while PostgreSQL is down', () => {
  let infra: IsolatedInfra;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const note = () => ({ id: randomUUID(), body: 'hello' });

  beforeAll(async () => {
    infra = await startIsolatedInfra('database-unavailable', { postgres: true });
    const module = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ url: infra.postgres!.databases.order, migrations: [CreateNotes1700000000001] })],
      controllers: [NotesController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await infra?.dispose();
  });

  it('while PostgreSQL is up, leaves every other error as it was: not found, domain errors, constraint violations, bad input', async () => {
    const saved = note();
    await http().post('/notes').send(saved).expect(201);
    await http().get(`/notes/${saved.id}`).expect(200, saved);
    await http().get(`/notes/${randomUUID()}`).expect(404);
    await http().get(`/notes/${saved.id}/owner`).expect(404, /has no owner/);
    // A duplicate key and a malformed uuid are the request's fault, not an outage: no 503 invites a retry.
    await http().post('/notes').send(saved).expect(500);
    await http().get('/notes/not-a-uuid').expect(500);
  });

  it('PostgreSQL stopped: a read and a write answer 503 with Retry-After and say the database is unavailable, never 500', async () => {
    await infra.stopPostgres();

    for (const response of [await http().get(`/notes/${randomUUID()}`), await http().post('/notes').send(note())]) {
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `the database is unavailable; retry after ${response.headers['retry-after']} s`,
        dependency: 'database',
        retryAfterSeconds: Number(response.headers['retry-after']),
      });
    }
  });

  it('PostgreSQL back: the same requests succeed again, without a restart of the app', async () => {
    await infra.startPostgres();
    const saved = note();
    await vi.waitFor(async () => expect((await http().post('/notes').send(saved)).status).toBe(201), { timeout: 30_000, interval: 250 });
    await http().get(`/notes/${saved.id}`).expect(200, saved);
  });
});
