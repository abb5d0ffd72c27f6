import { randomUUID } from 'node:crypto';
import { Correlation, CORRELATION_HEADER } from '@ftgo/platform';
import type { unaryHandler } from '@ftgo/contracts';
import type { Metadata } from '@grpc/grpc-js';

type Unary<Req, Res> = ReturnType<typeof unaryHandler<Req, Res>>;

/**
 * Runs a call inside the caller's correlation id (metadata `x-correlation-id`, set by the order
 * service's clients): the call's log lines and any event it writes to the outbox join the order's story.
 */
export function correlated<Req, Res>(handler: Unary<Req, Res>) {
  return (call: Parameters<Unary<Req, Res>>[0] & { metadata?: Metadata }, callback: Parameters<Unary<Req, Res>>[1]): void => {
    const [offered] = call.metadata?.get(CORRELATION_HEADER) ?? [];
    const correlationId = typeof offered === 'string' && offered ? offered : randomUUID();
    Correlation.run({ correlationId }, () => handler(call, callback));
  };
}
