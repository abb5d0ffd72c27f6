import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Who asked for the work in progress: the id of the whole business conversation (from the first
 * HTTP request through the outbox, Kafka, the next handler and its gRPC calls), the message that
 * caused it. Kept in AsyncLocalStorage so that no function signature has to thread it through.
 * The trace context is OpenTelemetry's own (tracing/trace-context.ts), not kept here.
 */
export interface CorrelationContext {
  correlationId: string;
  causationId?: string;
  /** Aborted when the caller stops waiting (a gRPC call cancelled or past its deadline): its work is not committed. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export const Correlation = {
  run<T>(context: CorrelationContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): CorrelationContext | undefined {
    return storage.getStore();
  },
  /** The current correlation id, or a fresh one when the work starts here. */
  idOrNew(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
};

/** The HTTP and gRPC-metadata header that carries the correlation id between processes. */
export const CORRELATION_HEADER = 'x-correlation-id';

const SANE_ID = /^[\w.:-]{1,128}$/;

/** The caller's correlation id if it is a sane one (it ends up in logs and downstream messages), else a new one. */
export function adoptCorrelationId(offered: unknown): string {
  return typeof offered === 'string' && SANE_ID.test(offered) ? offered : randomUUID();
}
