import { EventEmitter } from 'node:events';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { defer, firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Correlation, type CorrelationContext } from '../context/correlation';
import { GrpcCallInterceptor } from './grpc-call.interceptor';

/** A grpc-js server call as far as the interceptor reads it. */
function callWith(deadline: Date | number, cancelled = false) {
  return Object.assign(new EventEmitter(), { cancelled, getDeadline: () => deadline });
}

function contextOf(call: ReturnType<typeof callWith>, metadata = new Metadata()): ExecutionContext {
  const args = [{}, metadata, call];
  return { getArgByIndex: (index: number) => args[index] } as unknown as ExecutionContext;
}

/** A handler that records the correlation context it ran in. */
function handler(seen: Array<CorrelationContext | undefined>): CallHandler {
  return { handle: () => defer(() => (seen.push(Correlation.current()), of('answer'))) };
}

const inAMinute = () => new Date(Date.now() + 60_000);

describe('GrpcCallInterceptor', () => {
  it("runs the handler in the caller's correlation id, from the metadata", async () => {
    const seen: Array<CorrelationContext | undefined> = [];
    const metadata = new Metadata();
    metadata.set('x-correlation-id', 'order-story-42');
    expect(await firstValueFrom(new GrpcCallInterceptor().intercept(contextOf(callWith(inAMinute()), metadata), handler(seen)))).toBe('answer');
    expect(seen[0]?.correlationId).toBe('order-story-42');
  });

  it('starts a new conversation for a call without a (sane) correlation id', async () => {
    const seen: Array<CorrelationContext | undefined> = [];
    const metadata = new Metadata();
    metadata.set('x-correlation-id', 'not a sane id');
    await firstValueFrom(new GrpcCallInterceptor().intercept(contextOf(callWith(Infinity), metadata), handler(seen)));
    expect(seen[0]?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('starts no work for a call whose deadline passed before it was handled: DEADLINE_EXCEEDED', async () => {
    const seen: Array<CorrelationContext | undefined> = [];
    const answer = firstValueFrom(new GrpcCallInterceptor().intercept(contextOf(callWith(new Date(Date.now() - 1))), handler(seen)));
    await expect(answer).rejects.toMatchObject({ code: status.DEADLINE_EXCEEDED });
    expect(seen).toEqual([]);
  });

  it('starts no work for a call the caller already cancelled: CANCELLED', async () => {
    const seen: Array<CorrelationContext | undefined> = [];
    const answer = firstValueFrom(new GrpcCallInterceptor().intercept(contextOf(callWith(inAMinute(), true)), handler(seen)));
    await expect(answer).rejects.toMatchObject({ code: status.CANCELLED });
    expect(seen).toEqual([]);
  });

  it("aborts the handler's signal when the caller cancels while it works, with the status as the reason", async () => {
    const seen: Array<CorrelationContext | undefined> = [];
    const call = callWith(inAMinute());
    await firstValueFrom(new GrpcCallInterceptor().intercept(contextOf(call), handler(seen)));
    const signal = seen[0]?.signal;
    expect(signal?.aborted).toBe(false);
    call.cancelled = true;
    call.emit('cancelled');
    expect(signal?.aborted).toBe(false);
    expect(call.listenerCount('cancelled')).toBe(0);

    const working = callWith(inAMinute());
    const pending: Array<CorrelationContext | undefined> = [];
    const never: CallHandler = { handle: () => defer(() => (pending.push(Correlation.current()), new Promise<never>(() => undefined))) };
    new GrpcCallInterceptor().intercept(contextOf(working), never).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    working.cancelled = true;
    working.emit('cancelled');
    expect(pending[0]?.signal?.aborted).toBe(true);
    expect(pending[0]?.signal?.reason).toMatchObject({ code: status.CANCELLED });
  });
});
