import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { Correlation, CORRELATION_HEADER } from './correlation';

type UnaryHandler<Call, Callback> = (call: Call, callback: Callback) => void;

/**
 * Runs a gRPC call inside the caller's correlation id (metadata `x-correlation-id`, which the
 * order service's clients send): the call's log lines and any event it writes to the outbox join
 * the order's story. A call without one starts a new conversation.
 */
export function correlatedGrpcHandler<Call, Callback>(
  handler: UnaryHandler<Call, Callback>,
): UnaryHandler<Call & { metadata?: Metadata }, Callback> {
  return (call, callback) => {
    const [offered] = call.metadata?.get(CORRELATION_HEADER) ?? [];
    const correlationId = typeof offered === 'string' && offered ? offered : randomUUID();
    Correlation.run({ correlationId }, () => handler(call, callback));
  };
}
