// Test support: the order service on a scratch database and a private Kafka, with real gRPC
// stand-ins for kitchen and accounting.
import { startService } from '@ftgo/platform';
import { type ServiceHarness, startServiceHarness } from '@ftgo/tools';
import { loadOrderConfig } from '../config/order.config';
import { configureHttp } from '../http/configure-http';
import { OrderModule } from '../order.module';
import { startAccountingStandIn, startKitchenStandIn, type StandInServer } from './grpc-stand-ins';

export interface OrderHarness extends ServiceHarness {
  kitchen: StandInServer;
  accounting: StandInServer;
  /** The consumer group of the service. */
  groupId: string;
}

/** Short breaker windows: the fault tests open and close breakers quickly. */
const FAST_BREAKER = {
  TIMEOUT_MS: '1000',
  VOLUME_THRESHOLD: '2',
  ERROR_THRESHOLD_PERCENT: '50',
  RESET_TIMEOUT_MS: '1500',
  READ_RETRIES: '0',
};

function dependencyEnv(prefix: string, address: string): Record<string, string> {
  return Object.fromEntries([['ADDRESS', address], ...Object.entries(FAST_BREAKER)].map(([key, value]) => [`${prefix}_${key}`, value]));
}

/** `env` adds to or overrides the service's environment, e.g. its deadlines. */
export async function startOrderHarness(name: string, env: Record<string, string> = {}): Promise<OrderHarness> {
  const [kitchen, accounting] = await Promise.all([startKitchenStandIn(), startAccountingStandIn()]);
  try {
    const dependencies = { ...dependencyEnv('KITCHEN_GRPC', kitchen.address), ...dependencyEnv('ACCOUNTING_GRPC', accounting.address) };
    const harness = await startServiceHarness(
      {
        name,
        databaseOwner: 'order_user',
        start: (env) => {
          const config = loadOrderConfig(env);
          return startService('order-service', OrderModule.forRoot(config), config, configureHttp);
        },
      },
      { ...dependencies, ...env },
    );
    const stop = harness.stop;
    return {
      ...harness,
      kitchen,
      accounting,
      groupId: loadOrderConfig(harness.env).KAFKA_CONSUMER_GROUP,
      stop: async () => {
        await stop();
        kitchen.stop();
        accounting.stop();
      },
    };
  } catch (error) {
    kitchen.stop();
    accounting.stop();
    throw error;
  }
}
