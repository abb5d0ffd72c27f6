import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from '../application/idempotency-key';

/** Strict everywhere: an unknown field is a 400 naming it, never silently dropped. */
const lineItem = z.strictObject({
  menuItemId: z.string().min(1).max(100),
  quantity: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'),
});

const lineItems = z
  .array(lineItem)
  .min(1, 'must list at least one item')
  .max(50)
  .refine((items) => new Set(items.map((item) => item.menuItemId)).size === items.length, 'must list each menu item once')
  // JSON Schema cannot say "unique by one field": the document states it in an extension and in words.
  .meta({ description: 'Each menuItemId at most once', 'x-unique-by': 'menuItemId' });

/** The seeded restaurant Ajanta and one of its dishes: the example a client (or the fuzz suite) can send as is. */
const EXAMPLE_ITEMS = [{ menuItemId: 'chicken-vindaloo', quantity: 2 }];

export const createOrderSchema = z
  .strictObject({
    consumerId: z.uuid(),
    restaurantId: z.uuid(),
    lineItems,
  })
  .meta({ example: { consumerId: '6f1c2a9e-3b7d-4e8f-9a1b-2c3d4e5f6a7b', restaurantId: '11111111-1111-4111-8111-111111111111', lineItems: EXAMPLE_ITEMS } });

/** The complete new list of items (each one already on the order); the prices stay those of ordering. */
export const reviseOrderSchema = z.strictObject({ lineItems }).meta({ example: { lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }] } });

export const orderIdSchema = z.uuid();

export const listOrdersQuerySchema = z.strictObject({ consumerId: z.uuid() });

/** The parts an order can be composed with, comma-separated: `ticket`, `payment`, `ticket,payment`. */
const INCLUDE_LIST = /^(ticket|payment)(,(ticket|payment))*$/;

/** `?include=ticket,payment`: which parts to compose from kitchen and accounting. */
export const getOrderQuerySchema = z.strictObject({
  include: z
    .string()
    .regex(INCLUDE_LIST, 'must list ticket and/or payment, comma-separated')
    .optional()
    .transform((value) => (value ? (value.split(',') as Array<'ticket' | 'payment'>) : [])),
});

/** The `Idempotency-Key` header as documented: the pattern the use case checks (a UUID is a good choice). */
export const idempotencyKeySchema = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN)
  .describe('A retry with the same key and body returns the first order (Idempotent-Replayed: true); another body is 422');

export type CreateOrderRequest = z.output<typeof createOrderSchema>;
export type ReviseOrderRequest = z.output<typeof reviseOrderSchema>;
