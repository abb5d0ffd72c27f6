import { DomainError, type DomainErrorKind } from '@ftgo/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

const STATUS_OF: Record<DomainErrorKind, HttpStatus> = {
  'not-found': HttpStatus.NOT_FOUND,
  'failed-precondition': HttpStatus.CONFLICT,
  'invalid-argument': HttpStatus.UNPROCESSABLE_ENTITY,
};

/**
 * Domain errors as HTTP answers: 404 (no such thing), 409 (the state forbids it, or a concurrent
 * change; the body carries `currentState` when known) and 422 (well-formed but unacceptable,
 * e.g. readyBy in the past). Malformed requests never get this far: the schema pipe answers 400.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const status = STATUS_OF[error.kind];
    const currentState = 'currentState' in error ? error.currentState : undefined;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, error: error.name, message: error.message, ...(currentState ? { currentState } : {}) });
  }
}
