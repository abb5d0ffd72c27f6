// Test support: the kitchen service on a scratch database and a private Kafka, with fixtures for
// the order events it consumes.
import { randomUUID } from 'node:crypto';
import { Topics } from '@ftgo/contracts';
import { startService } from '@ftgo/platform';
import { type PublishOptions, type ServiceHarness, startServiceHarness } from '@ftgo/tools';
import { loadKitchenConfig } from '../config/kitchen.config';
import { SEED_RESTAURANTS } from '../domain/seed-restaurants';
import { configureGrpc } from '../grpc/configure-grpc';
import { configureHttp } from '../http/configure-http';
import { KitchenModule } from '../kitchen.module';

export const [AJANTA, LUIGI, CLOSED_SUSHI] = SEED_RESTAURANTS;

export interface KitchenHarness extends ServiceHarness {
  grpcAddress: string;
  /** Publishes an order event the way order's relay would; returns its message id. */
  publishOrderEvent(eventType: string, payload: object, options?: PublishOptions): Promise<string>;
}

export async function startKitchenHarness(name: string): Promise<KitchenHarness> {
  const harness = await startServiceHarness({
    name,
    databaseOwner: 'kitchen_user',
    start: (env) => {
      const config = loadKitchenConfig(env);
      return startService('kitchen-service', KitchenModule.forRoot(config), config, (app) => {
        configureHttp(app);
        configureGrpc(app, config);
      });
    },
  });
  return {
    ...harness,
    grpcAddress: `127.0.0.1:${harness.env.GRPC_PORT}`,
    publishOrderEvent: (eventType, payload, options) => harness.publish(Topics.order, eventType, payload, options),
  };
}

/** A valid OrderCreated for a seeded restaurant. */
export function orderCreated(restaurant = LUIGI, items: [string, number][] = [['margherita', 2]]) {
  const lineItems = items.map(([menuItemId, quantity]) => {
    const item = restaurant.menu.find((m) => m.id === menuItemId);
    return { menuItemId, quantity, name: item?.name ?? menuItemId, unitPrice: { amountMinor: item?.priceMinor ?? 100, currency: 'USD' } };
  });
  const amountMinor = lineItems.reduce((sum, line) => sum + line.unitPrice.amountMinor * line.quantity, 0);
  return { orderId: randomUUID(), consumerId: randomUUID(), restaurantId: restaurant.id, lineItems, total: { amountMinor, currency: 'USD' } };
}
