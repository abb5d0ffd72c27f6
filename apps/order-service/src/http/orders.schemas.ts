import { z } from 'zod';

/** Strict everywhere: an unknown field is a 400 naming it, never silently dropped. */
const lineItem = z.strictObject({
  menuItemId: z.string().min(1).max(100),
  quantity: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'),
});

const lineItems = z
  .array(lineItem)
  .min(1, 'must list at least one item')
  .max(50)
  .refine((items) => new Set(items.map((item) => item.menuItemId)).size === items.length, 'must list each menu item once');

export const createOrderSchema = z.strictObject({
  consumerId: z.uuid(),
  restaurantId: z.uuid(),
  lineItems,
});

/** The complete new list of items (each one already on the order); the prices stay those of ordering. */
export const reviseOrderSchema = z.strictObject({ lineItems });

export const orderIdSchema = z.uuid();

export const listOrdersQuerySchema = z.strictObject({ consumerId: z.uuid() });

const includable = z.enum(['ticket', 'payment']);

/** `?include=ticket,payment`: which parts to compose from kitchen and accounting. */
export const getOrderQuerySchema = z.strictObject({
  include: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((part) => part.trim()) : []))
    .pipe(z.array(includable)),
});

export type CreateOrderRequest = z.output<typeof createOrderSchema>;
export type ReviseOrderRequest = z.output<typeof reviseOrderSchema>;
