import { randomUUID } from 'node:crypto';

/** Seeded by kitchen-service's migration. */
export const Restaurants = {
  ajanta: '11111111-1111-4111-8111-111111111111',
  closed: '33333333-3333-4333-8333-333333333333',
};

/** Seeded by accounting-service's migration (see apps/accounting-service/README.md). */
export const Consumers = {
  alwaysDeclined: '00000000-0000-4000-8000-00000000dec1',
  /** Limit 50.00 USD per order: a small order passes, a revision above 50.00 is declined. */
  lowLimit: '00000000-0000-4000-8000-000000005000',
};

export const newConsumer = (): string => randomUUID();

export function orderRequest(consumerId: string, quantity = 2, restaurantId = Restaurants.ajanta) {
  return { consumerId, restaurantId, lineItems: [{ menuItemId: 'chicken-vindaloo', quantity }] };
}
