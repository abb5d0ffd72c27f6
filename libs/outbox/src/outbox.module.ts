import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Outbox } from './outbox';
import { OutboxHealthIndicator, OUTBOX_HEALTH_OPTIONS, type OutboxHealthOptions } from './observability/outbox-health.indicator';

/**
 * Gives a service `Outbox` (inject it, call `outbox.add(manager, events)` in a transaction; it
 * checks every event against the contracts' EventCatalog) and
 * `OutboxHealthIndicator` (list it in `HealthModule.forRoot({ readiness: [...] })`).
 * The relay is not part of the service: it runs as its own process (`runOutboxRelay`).
 */
@Module({})
export class OutboxModule {
  static forRoot(options: Partial<OutboxHealthOptions> = {}): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        // A factory: Nest would try to inject the constructor's optional contract.
        { provide: Outbox, useFactory: () => new Outbox() },
        OutboxHealthIndicator,
        { provide: OUTBOX_HEALTH_OPTIONS, useValue: { maxOldestUnsentAgeMs: options.maxOldestUnsentAgeMs ?? 60_000 } },
      ],
      exports: [Outbox, OutboxHealthIndicator],
    };
  }
}
