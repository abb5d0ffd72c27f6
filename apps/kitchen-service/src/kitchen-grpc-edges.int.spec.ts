import { type KitchenServiceClient, loadKitchenProto } from '@ftgo/contracts';
import { credentials, Client, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { request } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STATUS_DETAILS } from '@ftgo/platform';
import { type KitchenHarness, LUIGI, startKitchenHarness } from './testing/kitchen-harness';

let kitchen: KitchenHarness;
let client: KitchenServiceClient;

beforeAll(async () => {
  kitchen = await startKitchenHarness('kitchen-grpc-edges');
  client = new (loadKitchenProto().kitchen.v1.KitchenService)(kitchen.grpcAddress, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await kitchen?.stop();
});

/** A generous deadline: a bad request must be answered, never left to run into it. */
const deadline = () => new Date(Date.now() + 8_000);

function call<Res>(method: (request: object, metadata: Metadata, options: object, done: (error: ServiceError | null, response?: Res) => void) => unknown, body: object) {
  return new Promise<{ error?: ServiceError; response?: Res }>((resolve) =>
    method.call(client, body, new Metadata(), { deadline: deadline() }, (error, response) => resolve(error ? { error } : { response })),
  );
}

describe('kitchen-service gRPC: oversized and malformed requests', () => {
  it('answers a 10 kB menu_item_id with INVALID_ARGUMENT and a short status message', async () => {
    const { error } = await call(client.validateOrder, { restaurantId: LUIGI.id, lineItems: [{ menuItemId: 'x'.repeat(10_000), quantity: 1 }] });
    expect(error?.code, error?.message).toBe(status.INVALID_ARGUMENT);
    expect(error!.details.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS);
  });

  it('bounds the status message of a domain error that lists 50 unknown menu items, and the channel keeps working', async () => {
    const lineItems = Array.from({ length: 50 }, (_, i) => ({ menuItemId: `${i}-${'z'.repeat(95)}`, quantity: 1 }));
    const { error } = await call(client.validateOrder, { restaurantId: LUIGI.id, lineItems });
    expect(error?.code, error?.message).toBe(status.INVALID_ARGUMENT);
    expect(error!.details).toContain('not on the menu');
    expect(error!.details.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS);
    const next = await call(client.validateOrder, { restaurantId: LUIGI.id, lineItems: [{ menuItemId: 'margherita', quantity: 1 }] });
    expect(next.error).toBeUndefined();
  });

  it('refuses a 100 kB request, over the receive limit, with RESOURCE_EXHAUSTED, and the channel keeps working', async () => {
    const { error } = await call(client.validateOrder, { restaurantId: LUIGI.id, lineItems: [{ menuItemId: 'x'.repeat(100_000), quantity: 1 }] });
    expect(error?.code, error?.message).toBe(status.RESOURCE_EXHAUSTED);
    const next = await call(client.validateOrder, { restaurantId: LUIGI.id, lineItems: [{ menuItemId: 'margherita', quantity: 1 }] });
    expect(next.error).toBeUndefined();
  });

  it('answers bytes that are not a ValidateOrderRequest with INVALID_ARGUMENT, not INTERNAL', async () => {
    const raw = new Client(kitchen.grpcAddress, credentials.createInsecure());
    try {
      const error = await new Promise<ServiceError | null>((resolve) =>
        raw.makeUnaryRequest(
          '/kitchen.v1.KitchenService/ValidateOrder',
          (bytes: Buffer) => bytes,
          (bytes: Buffer) => bytes,
          // field 2 (line_items) as a length-delimited item that claims 5 bytes and has 1
          Buffer.from([0x12, 0x05, 0x0a]),
          new Metadata(),
          { deadline: deadline() },
          (failure) => resolve(failure),
        ),
      );
      expect(error?.code, error?.message).toBe(status.INVALID_ARGUMENT);
    } finally {
      raw.close();
    }
  });
});

describe('kitchen-service: one ready_by parser for REST and gRPC', () => {
  it.each([
    ['a day that does not exist', '2030-02-31T12:00:00Z'],
    ['a date without a time', '2030-03-01'],
    ["JavaScript's Date text", 'Tue Mar 01 2033 12:00:00 GMT+0000'],
    ['a six-digit year past what PostgreSQL stores', '+275760-09-13T00:00:00Z'],
    ['a year before the service existed', '0001-01-01T00:00:00Z'],
  ])('refuses %s on both (gRPC INVALID_ARGUMENT, REST 400)', async (_case, readyBy) => {
    const ticketId = randomUUID();
    const grpc = await call(client.acceptTicket, { ticketId, readyBy });
    expect(grpc.error?.code, grpc.error?.message).toBe(status.INVALID_ARGUMENT);
    const rest = await request('POST', `${kitchen.url}/tickets/${ticketId}/accept`, { readyBy });
    expect(rest.status).toBe(400);
  });
});
