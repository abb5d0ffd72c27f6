import type { INestApplication } from '@nestjs/common';
import { protoSourceOf } from '@ftgo/contracts';
import { connectGrpcServer, type GrpcServerConfig } from '@ftgo/platform';

/** accounting.v1.AccountingService on GRPC_HOST:GRPC_PORT, served by AccountingGrpcController. */
export function configureGrpc(app: INestApplication, config: GrpcServerConfig): void {
  connectGrpcServer(app, protoSourceOf('accounting'), config);
}
