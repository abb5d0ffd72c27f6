import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';

const UNDECODABLE = Symbol('undecodable gRPC request');

interface Undecodable {
  [UNDECODABLE]: string;
}

/**
 * grpc-js answers bytes its deserializer cannot read with INTERNAL, which tells a client "our
 * bug". The bytes are the caller's mistake: every method's deserializer here returns a marker
 * instead of throwing, and GrpcCallInterceptor answers the marker with INVALID_ARGUMENT.
 */
export function tolerateUndecodableRequests(definition: PackageDefinition): void {
  for (const entry of Object.values(definition)) {
    if ('format' in entry) continue; // a message or enum type, not a service
    for (const method of Object.values(entry) as Array<MethodDefinition<unknown, unknown>>) {
      const decode = method.requestDeserialize;
      method.requestDeserialize = (bytes) => {
        try {
          return decode(bytes);
        } catch (error) {
          return { [UNDECODABLE]: `the request is not a valid message for ${method.path}: ${(error as Error).message}` } satisfies Undecodable;
        }
      };
    }
  }
}

/** Why the request could not be decoded, if it could not. */
export function undecodableReason(payload: unknown): string | undefined {
  return typeof payload === 'object' && payload !== null && UNDECODABLE in payload ? (payload as Undecodable)[UNDECODABLE] : undefined;
}
