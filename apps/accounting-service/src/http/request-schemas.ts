import { id } from '@ftgo/contracts';
import { z } from 'zod';

/** `GET /payments?orderId=`: the filter is required, and nothing else is accepted. */
export const paymentsQuerySchema = z.strictObject({ orderId: id });

/** `GET /accounts/{consumerId}`. */
export const consumerIdSchema = id;
