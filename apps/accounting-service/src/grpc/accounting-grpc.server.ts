import { loadAccountingProto } from '@ftgo/contracts';
import { SERVICE_CONFIG } from '@ftgo/platform';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { AccountingConfig } from '../config/accounting.config';
import { AccountingQueries } from '../persistence/accounting-queries';
import { accountingGrpcHandlers } from './accounting-grpc.handlers';

/**
 * The gRPC AccountingService, hosted by the Nest app as a plain grpc-js server. Why not a
 * @nestjs/microservices transport: the contracts' `unaryHandler` then answers with exactly the
 * statuses of grpc-status-mapping.ts, and shutdown is ours to order (below).
 */
@Injectable()
export class AccountingGrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AccountingGrpcServer');
  private readonly server = new Server();
  private boundPort?: number;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AccountingConfig,
    @Inject(AccountingQueries) queries: AccountingQueries,
  ) {
    const onUnexpected = (error: unknown) => this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    this.server.addService(loadAccountingProto().accounting.v1.AccountingService.service, accountingGrpcHandlers(queries, onUnexpected));
  }

  /** The port actually bound: GRPC_PORT, or the one the OS chose when it is 0. */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('the gRPC server is not listening yet');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const address = `${this.config.GRPC_HOST}:${this.config.GRPC_PORT}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.logger.log(`gRPC AccountingService listening on ${this.config.GRPC_HOST}:${this.boundPort}`);
  }

  /**
   * Before the database closes: stop taking calls and let the ones in flight answer with their
   * database. A call still running after GRPC_SHUTDOWN_GRACE_MS is cut, so shutdown always ends.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.boundPort === undefined) return;
    const forced = setTimeout(() => this.server.forceShutdown(), this.config.GRPC_SHUTDOWN_GRACE_MS);
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    clearTimeout(forced);
    this.logger.log('gRPC server stopped');
  }
}
