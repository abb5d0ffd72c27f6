import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { adoptCorrelationId, Correlation, CORRELATION_HEADER } from './correlation';

/** Adopts the caller's correlation id (or starts one), echoes it back, and scopes the request to it. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const correlationId = adoptCorrelationId(request.header(CORRELATION_HEADER));
    const traceparent = request.header('traceparent') ?? undefined;
    response.setHeader(CORRELATION_HEADER, correlationId);
    Correlation.run({ correlationId, traceparent }, next);
  }
}
