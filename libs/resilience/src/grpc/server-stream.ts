import type { CallOptions, ClientReadableStream } from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import type { CallContext } from '../guard/dependency-guard';

/** A server stream that has answered: its first message, and the rest as they come. */
export interface OpenedStream<T> {
  /** Undefined when the server ended the stream without sending anything. */
  readonly first: T | undefined;
  /** The messages after the first; unsubscribing cancels the call (the server sees `cancelled`). */
  readonly rest: Observable<T>;
}

/**
 * Opens a server-streaming call inside a guarded attempt, as a promise of its first answer.
 *
 * The guard's attempt — what the breaker judges, what holds a bulkhead slot, what the attempt's
 * deadline bounds — ends with the first message (or the status, if the server refuses): that is
 * the moment the dependency has shown it is alive. A stream that then runs for minutes must not
 * hold a slot or count as slow, so it runs on under its own `streamDeadline`, which travels to the
 * server as the call's deadline. A stream that breaks later ends `rest` with the error; the
 * caller decides whether to open a new one (through the guard again).
 *
 *   const { first, rest } = await guard.call((context) =>
 *     openServerStream<Ticket>(context, streamDeadline, (options) => client.watchTicket({ ticketId }, options)));
 */
export function openServerStream<T>(
  context: CallContext,
  streamDeadline: Date,
  start: (options: CallOptions) => ClientReadableStream<T>,
): Promise<OpenedStream<T>> {
  return new Promise<OpenedStream<T>>((resolve, reject) => {
    if (context.signal.aborted) return reject(context.signal.reason);
    const call = start({ deadline: streamDeadline });
    // Until a subscriber takes over, an error or the end is remembered, never lost.
    let ended = false;
    let failure: unknown;
    const remember = {
      end: () => void (ended = true),
      error: (error: unknown) => void (failure = error),
    };
    const cancel = () => call.cancel();
    const detachFromAttempt = () => context.signal.removeEventListener('abort', cancel);
    context.signal.addEventListener('abort', cancel, { once: true });

    const onFirst = (first: T) => {
      call.pause();
      detachFromAttempt();
      call.off('error', onRefused).off('end', onEmpty);
      call.on('end', remember.end).on('error', remember.error);
      resolve({ first, rest: restOf(call, () => ({ ended, failure }), remember) });
    };
    const onRefused = (error: unknown) => {
      detachFromAttempt();
      reject(error);
    };
    const onEmpty = () => {
      detachFromAttempt();
      resolve({ first: undefined, rest: new Observable<T>((subscriber) => subscriber.complete()) });
    };
    call.once('data', onFirst).once('error', onRefused).once('end', onEmpty);
  });
}

function restOf<T>(
  call: ClientReadableStream<T>,
  settled: () => { ended: boolean; failure: unknown },
  remember: { end: () => void; error: (error: unknown) => void },
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const { ended, failure } = settled();
    if (failure !== undefined) return subscriber.error(failure);
    call.off('end', remember.end).off('error', remember.error);
    const onData = (message: T) => subscriber.next(message);
    const onEnd = () => subscriber.complete();
    const onError = (error: unknown) => subscriber.error(error);
    call.on('data', onData).on('end', onEnd).on('error', onError);
    if (ended) subscriber.complete();
    else call.resume();
    return () => {
      call.off('data', onData).off('end', onEnd).off('error', onError);
      // Swallow the CANCELLED status our own cancel causes: nobody is listening any more.
      call.on('error', () => undefined);
      call.cancel();
    };
  });
}
