import { type DynamicModule, Module, StandardSchemaValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { createKafka, ServiceConfigModule } from '@ftgo/platform';
import type { FlowPageConfig } from './config/flow-page.config';
import { EventsController } from './http/events.controller';
import { HealthController } from './http/health.controller';
import { ProcessesController } from './http/processes.controller';
import { SystemController } from './http/system.controller';
import { EventTail } from './messaging/event-tail';
import { KAFKA } from './messaging/kafka.token';
import { CommittedOffsets } from './system/committed-offsets';
import { SupervisorClient } from './system/supervisor-client';
import { SystemSampler } from './system/system-sampler';

/**
 * The flow page's server: the Kafka tail (messaging/), the sampler of the processes and the
 * consumer groups (system/), and the page's HTTP API (http/). No database, no outbox, no consumer
 * of the services' kind: it only reads.
 */
@Module({})
export class FlowPageModule {
  static forRoot(config: FlowPageConfig): DynamicModule {
    return {
      module: FlowPageModule,
      imports: [ServiceConfigModule.forRoot(config)],
      controllers: [EventsController, SystemController, ProcessesController, HealthController],
      providers: [
        { provide: APP_PIPE, useValue: new StandardSchemaValidationPipe() },
        { provide: KAFKA, useFactory: () => createKafka(config.KAFKA_CLIENT_ID, config.KAFKA_BROKERS) },
        EventTail,
        CommittedOffsets,
        SupervisorClient,
        SystemSampler,
      ],
    };
  }
}
