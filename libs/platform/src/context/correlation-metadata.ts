import { Metadata } from '@grpc/grpc-js';
import { Correlation, CORRELATION_HEADER } from './correlation';

/** Carries the conversation's correlation id to the called service as gRPC metadata (a client's side of GrpcCallInterceptor). */
export function correlationMetadata(): Metadata {
  const metadata = new Metadata();
  const correlationId = Correlation.current()?.correlationId;
  if (correlationId) metadata.set(CORRELATION_HEADER, correlationId);
  return metadata;
}
