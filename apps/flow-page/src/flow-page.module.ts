import { type DynamicModule, Module } from '@nestjs/common';
import { createKafka } from '@ftgo/platform';
import type { FlowPageConfig } from './config/flow-page.config';
import { FLOW_PAGE_CONFIG, KAFKA } from './config/tokens';
import { EventTail } from './events/event-tail';
import { EventsController } from './events/events.controller';
import { HealthController } from './http/health.controller';
import { PageController } from './http/page.controller';
import { CommittedOffsets } from './system/committed-offsets';
import { SupervisorClient } from './system/supervisor-client';
import { SystemSampler } from './system/system-sampler';

/** The flow page's server: the Kafka tail, the system sampler, and the page's HTTP API. */
@Module({})
export class FlowPageModule {
  static forRoot(config: FlowPageConfig): DynamicModule {
    return {
      module: FlowPageModule,
      controllers: [EventsController, PageController, HealthController],
      providers: [
        { provide: FLOW_PAGE_CONFIG, useValue: config },
        { provide: KAFKA, useFactory: () => createKafka(config.KAFKA_CLIENT_ID, config.KAFKA_BROKERS) },
        EventTail,
        CommittedOffsets,
        SupervisorClient,
        SystemSampler,
      ],
    };
  }
}
