import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpStatus,
} from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@ftgo/contracts';
import type { Response } from 'express';

const STATUS_OF: Record<DomainErrorKind, HttpStatus> = {
  'invalid-argument': HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  'failed-precondition': HttpStatus.CONFLICT,
};

/** Expected failures answer with their HTTP status and message, the same mapping gRPC uses. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const status = STATUS_OF[error.kind];
    const body: Record<string, unknown> = { statusCode: status, error: error.name, message: error.message };
    if ('currentState' in error) body.currentState = error.currentState;
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}
