import { z } from 'zod';

/** `GET /accounts/{consumerId}`. */
export const consumerIdParam = z.uuid({ error: 'consumerId must be a UUID' });
