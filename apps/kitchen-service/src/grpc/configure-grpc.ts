import type { INestApplication } from '@nestjs/common';
import { protoSourceOf } from '@ftgo/contracts';
import { connectGrpcServer, type GrpcServerConfig } from '@ftgo/platform';

/** kitchen.v1.KitchenService on GRPC_HOST:GRPC_PORT, served by KitchenGrpcController. */
export function configureGrpc(app: INestApplication, config: GrpcServerConfig): void {
  connectGrpcServer(app, protoSourceOf('kitchen'), config);
}
