import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { DependencyUnavailableError } from '../guard/dependency-unavailable.error';

interface HttpResponse {
  status(code: number): this;
  setHeader(name: string, value: string): this;
  json(body: unknown): unknown;
}

/**
 * "Fail fast with an error the client understands": 503 Service Unavailable, `Retry-After` in
 * seconds (until the breaker's half-open trial when it is open), and a body that says which
 * dependency is unavailable and why. Nothing was changed, so the client may safely retry later.
 */
@Catch(DependencyUnavailableError)
export class DependencyUnavailableFilter implements ExceptionFilter<DependencyUnavailableError> {
  catch(error: DependencyUnavailableError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<HttpResponse>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(error.retryAfterSeconds))
      .json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: `${error.dependency} is unavailable (${error.reason}); nothing was changed, retry after ${error.retryAfterSeconds} s`,
        dependency: error.dependency,
        reason: error.reason,
        retryAfterSeconds: error.retryAfterSeconds,
      });
  }
}
