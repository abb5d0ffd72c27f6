import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { DeadlineSchedulerConfig } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { DEADLINE_HANDLER_METADATA, type HandleDeadline } from './deadline-handler.decorator';
import { DeadlineScheduler, type DeadlineSchedulerOptions } from './deadline-scheduler';
import type { DeadlineTarget } from './deadline-target';

const OPTIONS = Symbol('SAGA_DEADLINES_OPTIONS');

/** The scheduler options of a service, from the DEADLINE_* variables (libs/platform's deadlineSchedulerConfig). */
export function deadlineOptionsOf(config: DeadlineSchedulerConfig): DeadlineSchedulerOptions {
  return { pollIntervalMs: config.DEADLINE_POLL_INTERVAL_MS };
}

/**
 * Finds every @DeadlineHandler method on the application's providers, starts one scheduler per
 * handler once the whole application is up (the migrations ran), and stops them before TypeORM
 * closes its pool, so that a decision in hand commits.
 */
@Injectable()
class DeadlineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private schedulers: DeadlineScheduler[] = [];

  constructor(
    @Inject(OPTIONS) private readonly options: DeadlineSchedulerOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    this.schedulers = this.discovery.getProviders().flatMap(({ instance }) => {
      if (!instance || typeof instance !== 'object') return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((method) => {
        const handle = (instance as Record<string, HandleDeadline>)[method];
        const target: DeadlineTarget | undefined = Reflect.getMetadata(DEADLINE_HANDLER_METADATA, handle);
        return target ? [new DeadlineScheduler(this.dataSource, target, handle.bind(instance), this.options)] : [];
      });
    });
    for (const scheduler of this.schedulers) scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.schedulers.map((scheduler) => scheduler.stop()));
  }
}

/**
 * Saga deadlines for a NestJS service: declare what happens when a deadline passes with
 * @DeadlineHandler on a provider's method; this module runs it in every instance, each deadline
 * decided by exactly one of them (docs/adr/0010-saga-deadlines-in-the-database.md). Needs a TypeORM DataSource.
 */
@Module({})
export class SagaDeadlinesModule {
  static forRoot(options: DeadlineSchedulerOptions): DynamicModule {
    return {
      module: SagaDeadlinesModule,
      imports: [DiscoveryModule],
      providers: [{ provide: OPTIONS, useValue: options }, DeadlineLifecycle],
    };
  }
}
