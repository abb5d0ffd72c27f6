import type { CallOptions, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import type { CallContext } from '../guard/dependency-guard';

type Callback<T> = (error: ServiceError | null, response?: T) => void;

/**
 * Runs one unary gRPC call inside a guarded attempt, as a promise:
 * - the deadline travels with the call (the `grpc-timeout` header), so the server can stop too;
 * - when the guard gives up first, `signal` cancels the call: the HTTP/2 stream is reset and the
 *   server sees `cancelled` — nothing keeps running in the background.
 *
 *   guard.call((context) => unaryCall<Ticket>(context, (options, done) => client.getTicket({ ticketId }, options, done)))
 */
export function unaryCall<T>(
  context: CallContext,
  start: (options: CallOptions, callback: Callback<T>) => ClientUnaryCall,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (context.signal.aborted) return reject(context.signal.reason);
    const call = start({ deadline: context.deadline }, (error, response) => {
      context.signal.removeEventListener('abort', cancel);
      if (error) reject(error);
      else resolve(response as T);
    });
    function cancel(): void {
      call.cancel();
    }
    context.signal.addEventListener('abort', cancel, { once: true });
  });
}
