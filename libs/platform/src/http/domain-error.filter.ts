import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@ftgo/contracts';

interface HttpResponse {
  status(code: number): this;
  json(body: unknown): unknown;
}

/**
 * The HTTP status of each expected failure kind (the same kinds map to gRPC statuses in
 * @ftgo/contracts): the request can never succeed as sent (422), the thing does not exist (404),
 * or its current state forbids it (409, with that state in the body so the client can re-read).
 */
const HTTP_STATUS_OF: Record<DomainErrorKind, { status: number; error: string }> = {
  'invalid-argument': { status: HttpStatus.UNPROCESSABLE_ENTITY, error: 'Unprocessable Entity' },
  'not-found': { status: HttpStatus.NOT_FOUND, error: 'Not Found' },
  'failed-precondition': { status: HttpStatus.CONFLICT, error: 'Conflict' },
};

/** Extra fields an error may offer for its body, e.g. `{ currentState: 'APPROVED' }`. */
function detailsOf(error: DomainError): Record<string, unknown> {
  const details = (error as { details?: unknown }).details;
  return details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}

/**
 * Turns a service's domain errors into clear HTTP answers: register it once per service with
 * `{ provide: APP_FILTER, useClass: DomainErrorFilter }`. Anything else stays a 500 from Nest
 * (without its message), because it is a bug, not an answer.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const { status, error: title } = HTTP_STATUS_OF[error.kind];
    host
      .switchToHttp()
      .getResponse<HttpResponse>()
      .status(status)
      .json({ statusCode: status, error: title, message: error.message, ...detailsOf(error) });
  }
}
