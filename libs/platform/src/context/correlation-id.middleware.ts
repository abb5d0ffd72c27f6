import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { adoptCorrelationId, Correlation, CORRELATION_HEADER } from './correlation';

/**
 * Adopts the caller's correlation id (or starts one), echoes it back, and scopes the request to it.
 * The caller's `traceparent` is not read here: OpenTelemetry's HTTP instrumentation extracts it with
 * the W3C propagator, which drops a malformed one (tracing off: it is ignored).
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const correlationId = adoptCorrelationId(request.header(CORRELATION_HEADER));
    response.setHeader(CORRELATION_HEADER, correlationId);
    Correlation.run({ correlationId }, next);
  }
}
