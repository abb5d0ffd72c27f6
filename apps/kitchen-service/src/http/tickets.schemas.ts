import { z } from 'zod';
import { readyBySchema } from '../application/ready-by';

/** Optimistic locking from the client's side: "only if the ticket is still at the version I saw". */
const expectedVersion = z.number().int().min(1).optional();

export const acceptTicketBody = z
  .strictObject({
    readyBy: readyBySchema,
    expectedVersion,
  })
  .meta({ example: { readyBy: '2030-01-01T12:30:00Z' } });

/** `/preparing`, `/ready-for-pickup`, `/picked-up`: no body needed, and nothing unknown accepted. */
export const ticketVerbBody = z.strictObject({ expectedVersion }).optional();

export const uuidParam = z.uuid({ error: 'must be a UUID' });

export type AcceptTicketBody = z.output<typeof acceptTicketBody>;
export type TicketVerbBody = z.infer<typeof ticketVerbBody>;
