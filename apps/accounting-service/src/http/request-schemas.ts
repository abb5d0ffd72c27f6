import { z } from 'zod';

const uuid = (name: string) => z.uuid({ error: `${name} must be a UUID` });

/** `GET /payments?orderId=`: the filter is required, and nothing else is accepted. */
export const paymentsQuerySchema = z.strictObject({ orderId: uuid('orderId') });

/** `GET /accounts/{consumerId}`. */
export const consumerIdSchema = uuid('consumerId');
