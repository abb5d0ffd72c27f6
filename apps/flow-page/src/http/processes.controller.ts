import { Controller, Headers, HttpException, Inject, Param, Post, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Response } from 'express';
import { SupervisorClient } from '../system/supervisor-client';
import { processNameSchema, type ProcessVerb, processVerbSchema } from './processes.schemas';

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The outage buttons: stop or start one process through the launcher's control endpoint. */
@Controller('api/processes')
export class ProcessesController {
  constructor(@Inject(SupervisorClient) private readonly supervisor: SupervisorClient) {}

  /**
   * Only a same-origin script can call this: it must send JSON (a cross-site form cannot, and a
   * cross-site fetch that does is stopped by the browser's preflight) to a loopback host name.
   */
  @Post(':name/:verb')
  async control(
    @Param('name', { schema: processNameSchema }) name: string,
    @Param('verb', { schema: processVerbSchema }) verb: ProcessVerb,
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
