// Test support: the kitchen service on a scratch database and a private Kafka, with fixtures for
// the order events it consumes.
import { randomUUID } from 'node:crypto';
import { Topics } from '@ftgo/contracts';
import { pollUntil, startService } from '@ftgo/platform';
import { type PublishOptions, request, type ServiceHarness, startServiceHarness } from '@ftgo/tools';
import { loadKitchenConfig } from '../config/kitchen.config';
import { SEED_RESTAURANTS } from '../domain/seed-restaurants';
import type { TicketSnapshot } from '../domain/ticket';
import { configureGrpc } from '../grpc/configure-grpc';
import { configureHttp } from '../http/configure-http';
import { KitchenModule } from '../kitchen.module';

export const [AJANTA, LUIGI, CLOSED_SUSHI] = SEED_RESTAURANTS;

export interface KitchenHarness extends ServiceHarness {
  grpcAddress: string;
  /** Publishes an order event the way order's relay would; returns its message id. */
  publishOrderEvent(eventType: string, payload: object, options?: PublishOptions): Promise<string>;
  /** Publishes OrderCreated and waits for the ticket the kitchen makes of it (CREATE_PENDING, or REJECTED). */
  pendingTicketFor(order?: ReturnType<typeof orderCreated>): Promise<TicketSnapshot>;
  /** A ticket as the kitchen sees it once its order was approved: OrderCreated, OrderApproved, AWAITING_ACCEPTANCE. */
  confirmedTicketFor(order?: ReturnType<typeof orderCreated>): Promise<TicketSnapshot>;
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
  const publishOrderEvent = (eventType: string, payload: object, options?: PublishOptions) => harness.publish(Topics.order, eventType, payload, options);
  const ticketOf = (orderId: string, state?: string) =>
    pollUntil(`the ticket of order ${orderId}${state ? ` to be ${state}` : ''}`, async () => {
      const [ticket] = (await request<TicketSnapshot[]>('GET', `${harness.url}/tickets?orderId=${orderId}`)).body;
      return ticket && (!state || ticket.state === state) ? ticket : undefined;
    });
  return {
    ...harness,
    grpcAddress: `127.0.0.1:${harness.env.GRPC_PORT}`,
    publishOrderEvent,
    pendingTicketFor: async (order = orderCreated()) => {
      await publishOrderEvent('OrderCreated', order);
      return ticketOf(order.orderId);
    },
    confirmedTicketFor: async (order = orderCreated()) => {
      await publishOrderEvent('OrderCreated', order);
      await publishOrderEvent('OrderApproved', { orderId: order.orderId });
      return ticketOf(order.orderId, 'AWAITING_ACCEPTANCE');
    },
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
