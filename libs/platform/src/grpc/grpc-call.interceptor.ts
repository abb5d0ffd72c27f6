import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { grpcStatusError, type GrpcStatusError } from '@ftgo/contracts';
import { type Metadata, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { Observable, throwError } from 'rxjs';
import { adoptCorrelationId, Correlation, CORRELATION_HEADER } from '../context/correlation';
import { undecodableReason } from './undecodable-request';

function deadlineOf(call: ServerUnaryCall<unknown, unknown>): number {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/** Why the caller is no longer waiting, if it is not. */
function callerGone(call: ServerUnaryCall<unknown, unknown>): GrpcStatusError | undefined {
  if (deadlineOf(call) <= Date.now()) return grpcStatusError(status.DEADLINE_EXCEEDED, 'the deadline passed before the call was handled');
  if (call.cancelled) return grpcStatusError(status.CANCELLED, 'the caller cancelled the call');
  return undefined;
}

/**
 * What every gRPC call of a service runs in:
 *
 * - a request grpc-js could not decode is INVALID_ARGUMENT (undecodable-request.ts);
 * - the caller's correlation id (metadata `x-correlation-id`, which the order service's clients
 *   send), so the call's log lines and the events it writes join the order's story;
 * - the caller's deadline: a call whose deadline has passed, or that was cancelled, before its
 *   handler starts is answered DEADLINE_EXCEEDED / CANCELLED without doing any work; one that is
 *   cancelled or runs past its deadline while working aborts the context's `signal`, and
 *   AggregateChanges then rolls the command back instead of committing a change the caller was
 *   told had failed.
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = context.getArgByIndex<Metadata | undefined>(1);
    const call = context.getArgByIndex<ServerUnaryCall<unknown, unknown>>(2);
    const undecodable = undecodableReason(context.getArgByIndex(0));
    if (undecodable) return throwError(() => grpcStatusError(status.INVALID_ARGUMENT, undecodable));
    const gone = callerGone(call);
    if (gone) return throwError(() => gone);

    const caller = new AbortController();
    const onCancelled = () => caller.abort(callerGone(call) ?? grpcStatusError(status.CANCELLED, 'the caller cancelled the call'));
    call.once('cancelled', onCancelled);
    const correlationId = adoptCorrelationId(metadata?.get(CORRELATION_HEADER)[0]);
    return new Observable((subscriber) => {
      // Subscribed inside the context: the handler and everything it awaits run in it.
      const subscription = Correlation.run({ correlationId, signal: caller.signal }, () => next.handle().subscribe(subscriber));
      return () => {
        call.removeListener('cancelled', onCancelled);
        subscription.unsubscribe();
      };
    });
  }
}
