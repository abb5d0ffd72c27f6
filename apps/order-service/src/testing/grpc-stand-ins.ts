import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  type AccountingServiceHandlers,
  type KitchenServiceHandlers,
  loadAccountingProto,
  loadKitchenProto,
  NotFoundError,
  FailedPreconditionError,
  InvalidArgumentError,
  unaryHandler,
  type ValidateOrderRequest,
} from '@ftgo/contracts';

/** The fake kitchen's data: one open restaurant with a menu, one closed restaurant. */
export const StandInData = {
  openRestaurantId: '6f1c2a3e-0000-4000-8000-000000000001',
  closedRestaurantId: '6f1c2a3e-0000-4000-8000-000000000002',
  menu: {
    'pad-thai': { name: 'Pad Thai', amountMinor: 1250 },
    'spring-rolls': { name: 'Spring Rolls', amountMinor: 500 },
  } as Record<string, { name: string; amountMinor: number }>,
};

async function validateOrder(request: ValidateOrderRequest) {
  if (request.restaurantId === StandInData.closedRestaurantId) throw new FailedPreconditionError('restaurant Closed Kitchen is closed');
  if (request.restaurantId !== StandInData.openRestaurantId) throw new NotFoundError(`no restaurant ${request.restaurantId}`);
  const lineItems = (request.lineItems ?? []).map(({ menuItemId = '', quantity = 0 }) => {
    const item = StandInData.menu[menuItemId];
    if (!item) throw new InvalidArgumentError(`unknown menu item ${menuItemId}`);
    return { menuItemId, name: item.name, quantity, unitPrice: { amountMinor: item.amountMinor, currency: 'USD' } };
  });
  const amountMinor = lineItems.reduce((sum, item) => sum + item.unitPrice.amountMinor * item.quantity, 0);
  return { restaurantId: request.restaurantId, restaurantName: 'Open Kitchen', lineItems, total: { amountMinor, currency: 'USD' } };
}

const kitchenHandlers = {
  ValidateOrder: unaryHandler(validateOrder),
  GetTicketByOrder: unaryHandler(async ({ orderId = '' }) => ({
    ticketId: '7a0d0000-0000-4000-8000-000000000001',
    orderId,
    restaurantId: StandInData.openRestaurantId,
    state: 'ACCEPTED' as const,
    lineItems: [{ menuItemId: 'pad-thai', quantity: 2 }],
    readyBy: '2026-01-01T12:30:00Z',
    version: 2,
  })),
} satisfies Partial<KitchenServiceHandlers> & UntypedServiceImplementation;

const accountingHandlers = {
  GetPaymentByOrder: unaryHandler(async ({ orderId = '' }) => ({
    paymentId: '8b0e0000-0000-4000-8000-000000000001',
    orderId,
    consumerId: '9c0f0000-0000-4000-8000-000000000001',
    state: 'AUTHORIZED' as const,
    amount: { amountMinor: 2500, currency: 'USD' },
    declineReason: '',
    version: 1,
  })),
} satisfies Partial<AccountingServiceHandlers> & UntypedServiceImplementation;

/** A real grpc-js server on a loopback port that can go away and come back on the same port. */
export interface StandInServer {
  readonly address: string;
  stop(): void;
  start(): Promise<void>;
}

async function standIn(register: (server: Server) => void): Promise<StandInServer> {
  let server: Server | undefined;
  let port = 0;
  const start = async () => {
    server = new Server();
    register(server);
    port = await new Promise<number>((resolve, reject) =>
      server!.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  };
  await start();
  return {
    get address() {
      return `127.0.0.1:${port}`;
    },
    stop: () => server?.forceShutdown(),
    start,
  };
}

/**
 * Kitchen and accounting as the order service sees them over gRPC: the contracts' service
 * definitions with fake data. Integration tests talk to them over real HTTP/2 (never mocked).
 */
export function startKitchenStandIn(): Promise<StandInServer> {
  return standIn((server) => server.addService(loadKitchenProto().kitchen.v1.KitchenService.service, kitchenHandlers));
}

export function startAccountingStandIn(): Promise<StandInServer> {
  return standIn((server) => server.addService(loadAccountingProto().accounting.v1.AccountingService.service, accountingHandlers));
}
