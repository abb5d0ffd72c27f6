import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { DatabaseUnavailable } from '../database/database-unavailable';

interface HttpResponse {
  status(code: number): this;
  setHeader(name: string, value: string): this;
  json(body: unknown): unknown;
}

/** A PostgreSQL restart or failover takes seconds; a client retrying sooner only adds load. */
const RETRY_AFTER_SECONDS = 2;

/**
 * PostgreSQL down is an unavailable dependency like any other: 503 Service Unavailable with
 * `Retry-After`, not a 500 that reads as a bug. Register it once per service with
 * `{ provide: APP_FILTER, useClass: DatabaseUnavailableFilter }`; it catches only what
 * `isDatabaseUnavailable` recognises, so every other error reaches its own filter (or Nest's 500).
 * Unlike a breaker's 503, it cannot promise that nothing was changed: a connection lost during
 * COMMIT leaves the outcome unknown, which is why commands take an Idempotency-Key.
 */
@Catch(DatabaseUnavailable)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  private readonly logger = new Logger('Database');

  catch(error: unknown, host: ArgumentsHost): void {
    this.logger.warn(`answered 503: the database is unavailable (${error instanceof Error ? error.message : String(error)})`);
    host
      .switchToHttp()
      .getResponse<HttpResponse>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: `the database is unavailable; retry after ${RETRY_AFTER_SECONDS} s`,
        dependency: 'database',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
  }
}
