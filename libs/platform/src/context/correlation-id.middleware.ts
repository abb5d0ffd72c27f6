import { Injectable, type NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Correlation, CORRELATION_HEADER } from './correlation';

const VALID_ID = /^[\w.:-]{1,128}$/;

/** Adopts the caller's correlation id (or starts one), echoes it back, and scopes the request to it. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.header(CORRELATION_HEADER);
    // Only a sane id is adopted: the header ends up in logs and in every downstream message.
    const correlationId = offered && VALID_ID.test(offered) ? offered : randomUUID();
    const traceparent = request.header('traceparent') ?? undefined;
    response.setHeader(CORRELATION_HEADER, correlationId);
    Correlation.run({ correlationId, traceparent }, next);
  }
}
