import { z } from 'zod';
import { readyBySchema } from '../application/ready-by';

/**
 * kitchen.v1's requests as they arrive (proto3 fills absent fields with defaults: '' and 0), with
 * the checks the transport cannot make. What the domain decides (quantities, the menu) it checks itself.
 */
const uuid = z.uuid({ error: (issue) => `must be a UUID, got ${JSON.stringify(issue.input).slice(0, 60)}` });

/** 0 is proto3's "absent": the contract's "don't check the version". */
const expectedVersion = z
  .number()
  .int()
  .min(0)
  .transform((version) => (version === 0 ? undefined : version));

export const validateOrderRequest = z.object({
  restaurantId: uuid,
  // The same bounds as the order the REST API takes: what no real order exceeds.
  lineItems: z.array(z.object({ menuItemId: z.string().min(1).max(100), quantity: z.number().int() })).max(50),
});

export const getTicketRequest = z.object({ ticketId: uuid });

export const getTicketByOrderRequest = z.object({ orderId: uuid });

export const acceptTicketRequest = z.object({
  ticketId: uuid,
  readyBy: readyBySchema,
  expectedVersion,
});

export const ticketVerbRequest = z.object({ ticketId: uuid, expectedVersion });
