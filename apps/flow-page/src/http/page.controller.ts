import {
  Controller,
  Get,
  Headers,
  HttpException,
  Inject,
  Param,
  Post,
  Res,
  StandardSchemaValidationPipe,
  UnsupportedMediaTypeException,
  UsePipes,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import type { FlowPageConfig } from '../config/flow-page.config';
import { FLOW_PAGE_CONFIG } from '../config/tokens';
import type { PageSettings, SystemSnapshot } from '../shared/flow-api';
import { SupervisorClient } from '../system/supervisor-client';
import { SystemSampler } from '../system/system-sampler';

const verbSchema = z.enum(['stop', 'start']);
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The page's own API: its settings, the system's state, and the outage buttons. */
@Controller('api')
@UsePipes(new StandardSchemaValidationPipe())
export class PageController {
  constructor(
    @Inject(FLOW_PAGE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(SystemSampler) private readonly sampler: SystemSampler,
    @Inject(SupervisorClient) private readonly supervisor: SupervisorClient,
  ) {}

  @Get('settings')
  settings(): PageSettings {
    return { traceViewerUrl: this.config.TRACE_VIEWER_URL, consumerGroups: this.config.CONSUMER_GROUPS };
  }

  @Get('system')
  system(): Promise<SystemSnapshot> {
    return this.sampler.snapshot();
  }

  /**
   * Only a same-origin script can call this: it must send JSON (a cross-site form cannot, and a
   * cross-site fetch that does is stopped by the browser's preflight) to a loopback host name.
   */
  @Post('processes/:name/:verb')
  async control(
    @Param('name') name: string,
    @Param('verb', { schema: verbSchema }) verb: z.output<typeof verbSchema>,
    @Headers('content-type') contentType: string | undefined,
    @Headers('host') host: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!contentType?.startsWith('application/json')) throw new UnsupportedMediaTypeException('send content-type: application/json');
    if (!host || !LOOPBACK_HOST.test(host)) throw new HttpException({ message: 'process control answers on a loopback address only' }, 403);
    const answer = await this.supervisor.act(name, verb);
    response.status(answer.status);
    return answer.body;
  }
}
