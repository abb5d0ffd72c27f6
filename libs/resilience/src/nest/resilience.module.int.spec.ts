import { randomUUID } from 'node:crypto';
import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type KitchenServiceClient, type Ticket } from '@ftgo/contracts';
import { DatabaseModule, HealthModule, MetricsModule } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../guard/dependency-guard';
import { DependencyGuards } from '../guard/dependency-guards';
import { unaryCall } from '../grpc/unary-call';
import { type FakeKitchen, startFakeKitchen } from '../testing/fake-kitchen-server';
import { FAST_GUARD, kitchenClient } from '../testing/guard-fixture';
import { BreakerReadinessIndicator } from './breaker-readiness.indicator';
import { ResilienceModule } from './resilience.module';

const dependency = `kitchen-${randomUUID().slice(0, 8)}`;
const RESET_TIMEOUT_MS = 30_000;
let kitchen: FakeKitchen;
let client: KitchenServiceClient;

/** A controller written the way a service writes one: a command path and a read path with a fallback. */
@Controller('tickets')
class TicketsController {
  constructor(private readonly guards: DependencyGuards) {}

  private getTicket(ticketId: string) {
    return (context: CallContext) =>
      unaryCall<Ticket>(context, (options, done) => client.getTicket({ ticketId }, options, done));
  }

  @Get(':id')
  ticket(@Param('id') id: string) {
    return this.guards.get(dependency).call(this.getTicket(id));
  }

  @Get(':id/summary')
  summary(@Param('id') id: string) {
    return this.guards
      .get(dependency)
      .read<{ ticketId: string; state: string }>(this.getTicket(id), () => ({ ticketId: id, state: 'UNKNOWN (kitchen unavailable)' }));
  }
}

describe('ResilienceModule in a Nest application', () => {
  let database: ScratchDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createScratchDatabase('resilience_nest');
    kitchen = await startFakeKitchen();
    client = kitchenClient(kitchen.address);
    // Connected before the first request: its deadline must not have to cover connecting on a busy machine.
    await new Promise<void>((ready, fail) => client.waitForReady(Date.now() + 10_000, (error) => (error ? fail(error) : ready())));
    const module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: database.url }),
        HealthModule.forRoot({ readiness: [BreakerReadinessIndicator] }),
        MetricsModule,
        // The fake answers UNAVAILABLE at once, so a generous deadline costs nothing and never fires on a busy machine.
        ResilienceModule.forRoot({ dependencies: { [dependency]: { ...FAST_GUARD, timeoutMs: 5_000, resetTimeoutMs: RESET_TIMEOUT_MS } } }),
      ],
      controllers: [TicketsController],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    client?.close();
    kitchen?.stop();
    await database?.drop();
  });

  it('answers through the guard and reports the closed breaker as up in /health/ready', async () => {
    await request(app.getHttpServer()).get('/tickets/t-1').expect(200, /"ticketId":"t-1"/);
    const health = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.details['circuit-breakers']).toMatchObject({
      status: 'up',
      breakers: { [dependency]: { state: 'closed', window: { successes: 1 } } },
    });
  });

  it('answers 503 with Retry-After until half-open and a clear body once the breaker is open', async () => {
    kitchen.behaviour = 'unavailable';
    // The window holds 1 success; 2 failures make 3 calls (the volume threshold) at 67 % > 50 %.
    for (let i = 0; i < 2; i++) {
      const failed = await request(app.getHttpServer()).get('/tickets/t-1').expect(503);
      expect(failed.body.reason).toBe('failure');
    }
    const response = await request(app.getHttpServer()).get('/tickets/t-1').expect(503);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(RESET_TIMEOUT_MS / 1_000 - 5);
    expect(retryAfter).toBeLessThanOrEqual(RESET_TIMEOUT_MS / 1_000);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: `${dependency} is unavailable (circuit-open); nothing was changed, retry after ${retryAfter} s`,
      dependency,
      reason: 'circuit-open',
      retryAfterSeconds: retryAfter,
    });
  });

  it('answers a read path with its degraded fallback instead of an error while open', async () => {
    const response = await request(app.getHttpServer()).get('/tickets/t-9/summary').expect(200);
    expect(response.body).toEqual({ ticketId: 't-9', state: 'UNKNOWN (kitchen unavailable)' });
  });

  it('reports the open breaker as degraded (still 200, not down) in /health/ready', async () => {
    const health = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.database.status).toBe('up');
    expect(health.body.details['circuit-breakers']).toMatchObject({
      status: 'degraded',
      breakers: { [dependency]: { state: 'open', window: { failures: 2 } } },
    });
  });

  it('exposes the breaker state and call outcomes in /metrics', async () => {
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toContain(`circuit_breaker_state{dependency="${dependency}",state="open"} 1`);
    expect(metrics).toContain(`circuit_breaker_state{dependency="${dependency}",state="closed"} 0`);
    expect(metrics).toContain(`circuit_breaker_calls_total{dependency="${dependency}",outcome="failure"} 2`);
    expect(metrics).toMatch(new RegExp(`circuit_breaker_calls_total\\{dependency="${dependency}",outcome="rejected_open"\\} [1-9]`));
    expect(metrics).toContain(`circuit_breaker_fallbacks_total{dependency="${dependency}"} 1`);
  });
});
