import { type ArgumentsHost, BadRequestException, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { grpcStatusError, type GrpcStatusError, toGrpcStatusError } from '@ftgo/contracts';
import { status } from '@grpc/grpc-js';
import { type Observable, throwError } from 'rxjs';

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
    return throwError(() => this.statusOf(error));
  }

  private statusOf(error: unknown): GrpcStatusError {
    if (isGrpcStatus(error)) return error;
    if (error instanceof BadRequestException) return grpcStatusError(status.INVALID_ARGUMENT, validationDetails(error));
    const answer = toGrpcStatusError(error);
    if (answer.code === status.INTERNAL) this.logger.error(`unexpected gRPC failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return answer;
  }
}
