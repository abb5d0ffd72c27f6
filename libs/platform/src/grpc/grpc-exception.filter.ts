import { type ArgumentsHost, BadRequestException, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { grpcStatusError, type GrpcStatusError, toGrpcStatusError } from '@ftgo/contracts';
import { status } from '@grpc/grpc-js';
import { type Observable, throwError } from 'rxjs';

/**
 * The most of a status message sent: details echo the request (an unknown menu item, a bad id),
 * and an unbounded one can exceed what HTTP/2 lets a trailer carry, leaving the call to time out.
 */
export const MAX_STATUS_DETAILS = 300;

function bounded(answer: GrpcStatusError): GrpcStatusError {
  if (answer.details.length <= MAX_STATUS_DETAILS) return answer;
  const details = `${answer.details.slice(0, MAX_STATUS_DETAILS - 1)}…`;
  return Object.assign(answer, { details, message: details });
}

/** Already a status (the call interceptor's DEADLINE_EXCEEDED or CANCELLED): sent as it is. */
function isGrpcStatus(error: unknown): error is GrpcStatusError {
  return error instanceof Error && typeof (error as Partial<GrpcStatusError>).code === 'number' && 'metadata' in error;
}

function validationDetails(error: BadRequestException): string {
  const { message } = error.getResponse() as { message?: string | string[] };
  return [message ?? error.message].flat().join('; ');
}

/**
 * Every failure of a gRPC handler as a precise status, never grpc-js' UNKNOWN: a request that
 * fails its `@Payload` schema is INVALID_ARGUMENT with what is wrong; the domain's errors are
 * INVALID_ARGUMENT, NOT_FOUND or FAILED_PRECONDITION with their message (the same kinds as HTTP
 * 422/404/409); anything else is a bug, INTERNAL with a generic message, its stack in the log.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('GrpcExceptionFilter');

  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => bounded(this.statusOf(error)));
  }

  private statusOf(error: unknown): GrpcStatusError {
    if (isGrpcStatus(error)) return error;
    if (error instanceof BadRequestException) return grpcStatusError(status.INVALID_ARGUMENT, validationDetails(error));
    const answer = toGrpcStatusError(error);
    if (answer.code === status.INTERNAL) this.logger.error(`unexpected gRPC failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return answer;
  }
}
