import { Controller, Get, Inject } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import type { FlowPageConfig } from '../config/flow-page.config';
import type { PageSettings, SystemSnapshot } from '../shared/flow-api';
import { SystemSampler } from '../system/system-sampler';

/** What the page polls: its own settings, and the latest sample of every process, group and breaker. */
@Controller('api')
export class SystemController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(SystemSampler) private readonly sampler: SystemSampler,
  ) {}

  @Get('settings')
  settings(): PageSettings {
    return { traceViewerUrl: this.config.TRACE_VIEWER_URL, consumerGroups: this.config.CONSUMER_GROUPS };
  }

  @Get('system')
  system(): Promise<SystemSnapshot> {
    return this.sampler.snapshot();
  }
}
