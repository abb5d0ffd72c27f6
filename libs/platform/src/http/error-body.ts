import { z } from 'zod';

/**
 * Every error body the services send, whoever answers: Nest's validation pipe (400, `message` a
 * list of the problems), the body parser (413/415), DomainErrorFilter (404/409/422, with details
 * such as `currentState`), the unavailable-dependency filters (503, with `dependency` and
 * `retryAfterSeconds`). Open: a filter may add the details its kind needs.
 */
export const errorBodySchema = z.looseObject({
  statusCode: z.number().int().min(400).max(599),
  error: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]),
});

export const ERROR_BODY_COMPONENT = 'ErrorBody';
