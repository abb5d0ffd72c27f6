// The smallest unary gRPC service there is: bytes in, the same bytes out, no protobuf.
import type { ServiceDefinition } from '@grpc/grpc-js';

const identity = (bytes: Buffer) => bytes;

export const ECHO_SERVICE: ServiceDefinition = {
  echo: {
    path: '/floor.Floor/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};
