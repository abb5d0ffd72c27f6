// Test support: the order service on a scratch database and a private Kafka, with real gRPC
// stand-ins for kitchen and accounting.
import { randomUUID } from 'node:crypto';
import { PaymentEventType, TicketEventType, Topics } from '@ftgo/contracts';
import { pollUntil, startService } from '@ftgo/platform';
import { request, type ServiceHarness, startServiceHarness } from '@ftgo/tools';
import { loadOrderConfig } from '../config/order.config';
import { configureHttp } from '../http/configure-http';
import { OrderModule } from '../order.module';
import { StandInData, startAccountingStandIn, startKitchenStandIn, type StandInServer } from './grpc-stand-ins';

/** An order as `GET /orders/:id` answers, with the fields the tests read. */
export interface OrderSnapshot {
  id: string;
  consumerId: string;
  state: string;
  reason: string | null;
  total: { amountMinor: number };
  ticketId: string | null;
  deadline: string | null;
  pendingChange: { kind: string; cancellationId?: string; revisionId?: string } | null;
}

export interface OrderHarness extends ServiceHarness {
  kitchen: StandInServer;
  accounting: StandInServer;
  /** The consumer group of the service. */
  groupId: string;
  /** `POST /orders` of two pad thai at the stand-in's open restaurant (201, or the call fails). */
  placeOrder(): Promise<OrderSnapshot>;
  /** Polls `GET /orders/:id` until the order matches. */
  orderUntil(orderId: string, matches: (order: OrderSnapshot) => boolean): Promise<OrderSnapshot>;
  /** Publishes kitchen's TicketCreated for the order; resolves with its message id. */
  ticketCreated(orderId: string, ticketId?: string): Promise<string>;
  /** Publishes accounting's PaymentAuthorized of 25 USD for the order; resolves with its message id. */
  paymentAuthorized(order: Pick<OrderSnapshot, 'id' | 'consumerId'>): Promise<string>;
  /** An order both answers confirmed: APPROVED. */
  approvedOrder(): Promise<OrderSnapshot>;
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
    const steps = orderSteps(harness);
    return {
      ...harness,
      ...steps,
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

type OrderSteps = Pick<OrderHarness, 'placeOrder' | 'orderUntil' | 'ticketCreated' | 'paymentAuthorized' | 'approvedOrder'>;

function orderSteps(harness: ServiceHarness): OrderSteps {
  const lineItems = [{ menuItemId: 'pad-thai', quantity: 2 }];
  const steps: OrderSteps = {
    placeOrder: async () => {
      const { status, body } = await request('POST', `${harness.url}/orders`, { consumerId: randomUUID(), restaurantId: StandInData.openRestaurantId, lineItems });
      if (status !== 201) throw new Error(`POST /orders answered ${status}: ${JSON.stringify(body)}`);
      return body;
    },
    orderUntil: (orderId, matches) =>
      pollUntil(`order ${orderId} to match`, async () => {
        const { body } = await request<OrderSnapshot>('GET', `${harness.url}/orders/${orderId}`);
        return matches(body) ? body : undefined;
      }),
    ticketCreated: (orderId, ticketId = randomUUID()) =>
      harness.publish(Topics.ticket, TicketEventType.TicketCreated, { ticketId, orderId, restaurantId: StandInData.openRestaurantId, lineItems }),
    paymentAuthorized: (order) =>
      harness.publish(Topics.payment, PaymentEventType.PaymentAuthorized, { paymentId: randomUUID(), orderId: order.id, consumerId: order.consumerId, amount: { amountMinor: 2500, currency: 'USD' } }),
    approvedOrder: async () => {
      const order = await steps.placeOrder();
      await Promise.all([steps.ticketCreated(order.id), steps.paymentAuthorized(order)]);
      return steps.orderUntil(order.id, (o) => o.state === 'APPROVED');
    },
  };
  return steps;
}
