// Test support: the accounting service on a scratch database and a private Kafka, with fixtures
// for the order events it consumes and a client of its gRPC API.
import { randomUUID } from 'node:crypto';
import { type AccountingServiceClient, loadAccountingProto, Topics } from '@ftgo/contracts';
import { startService } from '@ftgo/platform';
import { type PublishOptions, type ServiceHarness, startServiceHarness } from '@ftgo/tools';
import { credentials } from '@grpc/grpc-js';
import { AccountingModule } from '../accounting.module';
import { type AccountingConfig, loadAccountingConfig } from '../config/accounting.config';
import { configureGrpc } from '../grpc/configure-grpc';
import { configureHttp } from '../http/configure-http';

export const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

export interface AccountingHarness extends ServiceHarness {
  config: AccountingConfig;
  grpc: AccountingServiceClient;
  /** Publishes an order event the way order's relay would (key = order id); returns its message id. */
  publishOrderEvent(eventType: string, payload: { orderId: string } & Record<string, unknown>, options?: PublishOptions): Promise<string>;
}

export async function startAccountingHarness(name: string): Promise<AccountingHarness> {
  const harness = await startServiceHarness(
    {
      name,
      databaseOwner: 'accounting_user',
      start: (env) => {
        const config = loadAccountingConfig(env);
        return startService('accounting-service', AccountingModule.forRoot(config), config, (app) => {
          configureHttp(app);
          configureGrpc(app, config);
        });
      },
    },
    { ACCOUNT_DEFAULT_LIMIT_MINOR: '10000' },
  );
  const grpc = new (loadAccountingProto().accounting.v1.AccountingService)(`127.0.0.1:${harness.env.GRPC_PORT}`, credentials.createInsecure());
  const stop = harness.stop;
  return {
    ...harness,
    config: loadAccountingConfig(harness.env),
    grpc,
    publishOrderEvent: (eventType, payload, options) => harness.publish(Topics.order, eventType, payload, options),
    stop: async () => {
      grpc.close();
      await stop();
    },
  };
}

export function orderCreated(consumerId: string, totalMinor: number) {
  return {
    orderId: randomUUID(),
    consumerId,
    restaurantId: randomUUID(),
    lineItems: [{ menuItemId: 'pizza', name: 'Pizza', quantity: 1, unitPrice: usd(totalMinor) }],
    total: usd(totalMinor),
  };
}

/** Promisifies one unary call of the generated client. */
export function call<Req, Res>(
  method: (request: Req, callback: (error: Error | null, response?: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response as Res))));
}
