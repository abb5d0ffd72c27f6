import { loadKitchenProto } from '@ftgo/contracts';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { KitchenConfig } from '../config/kitchen.config';
import { KitchenGrpcHandlers } from './kitchen-grpc.handlers';

/**
 * The gRPC server lives in the Nest app as a provider around a plain @grpc/grpc-js Server (not a
 * @nestjs/microservices transport): the handlers use the contracts' status mapping as is, the
 * service definition comes from the same proto loader as the generated types, and the server's
 * life is tied to the app's: it binds on bootstrap and drains before the database closes.
 */
@Injectable()
export class KitchenGrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(KitchenGrpcServer.name);
  private readonly server = new Server();
  private boundPort?: number;

  constructor(
    private readonly handlers: KitchenGrpcHandlers,
    @Inject(SERVICE_CONFIG) private readonly config: KitchenConfig,
  ) {}

  /** The bound port (useful when GRPC_PORT is 0 in a test). */
  get port(): number | undefined {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server.addService(loadKitchenProto().kitchen.v1.KitchenService.service, this.handlers.handlers());
    const address = `${this.config.GRPC_HOST}:${this.config.GRPC_PORT}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.logger.log(`gRPC kitchen.v1.KitchenService listening on ${this.config.GRPC_HOST}:${this.boundPort}`);
  }

  /**
   * Before TypeORM closes: new calls are refused, calls in flight finish with their database.
   * A call that hangs past the grace period is cut, so shutdown always ends.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const forced = setTimeout(() => this.server.forceShutdown(), this.config.GRPC_SHUTDOWN_GRACE_MS);
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    clearTimeout(forced);
    this.logger.log('gRPC server stopped');
  }
}
