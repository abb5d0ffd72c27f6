import type { INestApplication } from '@nestjs/common';
import { type GrpcOptions, ServerGrpc } from '@nestjs/microservices';
import { onIntakeDrain } from '../bootstrap/intake-drain';
import type { GrpcServerConfig } from '../config/config-fragments';
import { grpcServerCredentials } from './grpc-tls';
import { tolerateUndecodableRequests } from './undecodable-request';

/**
 * Nest's gRPC server, draining on shutdown: new calls are refused at once, calls in flight finish
 * (with the clients, the consumer and the database they use: startService drains it before the
 * app closes any of them), and a call still running after the grace period is cut, so that
 * shutdown always ends.
 */
export class DrainingGrpcServer extends ServerGrpc {
  constructor(
    options: GrpcOptions['options'],
    private readonly graceMs: number,
  ) {
    super({ ...options, gracefulShutdown: true });
  }

  override async close(): Promise<void> {
    const server = this.grpcClient;
    const forced = server && setTimeout(() => server.forceShutdown(), this.graceMs);
    try {
      await super.close();
    } finally {
      clearTimeout(forced);
    }
  }
}

/** The package a service serves: `protoSourceOf('kitchen')` from @ftgo/contracts. */
export interface ProtoSource {
  package: string;
  protoPath: string;
  loader: NonNullable<GrpcOptions['options']['loader']>;
}

/**
 * Makes the app a hybrid application that also serves `source` over gRPC on GRPC_HOST:GRPC_PORT
 * (requests up to GRPC_MAX_MESSAGE_BYTES; undecodable ones are INVALID_ARGUMENT; TLS with GRPC_TLS_*),
 * through `@GrpcMethod` controllers. The app's global pipe (zod validation of `@Payload`) applies
 * to it too; each gRPC controller adds GrpcExceptionFilter and GrpcCallInterceptor. Started by
 * startService after the HTTP server listens.
 */
export function connectGrpcServer(app: INestApplication, source: ProtoSource, config: GrpcServerConfig): void {
  const options: GrpcOptions['options'] = {
    url: `${config.GRPC_HOST}:${config.GRPC_PORT}`,
    package: source.package,
    protoPath: source.protoPath,
    loader: source.loader,
    // A larger request is refused by grpc-js (RESOURCE_EXHAUSTED) before it is decoded.
    maxReceiveMessageLength: config.GRPC_MAX_MESSAGE_BYTES,
    onLoadPackageDefinition: (definition) => tolerateUndecodableRequests(definition),
    credentials: grpcServerCredentials(config),
  };
  const server = new DrainingGrpcServer(options, config.GRPC_SHUTDOWN_GRACE_MS);
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  // Drained with the HTTP server, before Nest closes the clients and the consumer; its own close later finds nothing to do.
  onIntakeDrain(app, () => server.close());
}
