import { z } from 'zod';

/** `GET /payments?orderId=`: the filter is required, and nothing else is accepted. */
export const paymentsQuerySchema = z.strictObject({ orderId: z.uuid({ error: 'orderId must be a UUID' }) });

export type PaymentsQuery = z.output<typeof paymentsQuerySchema>;
