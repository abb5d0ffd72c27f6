import { z } from 'zod';

/** A process as the launcher names it: `order-service`, `kitchen-relay`, ... */
export const processNameSchema = z.string().regex(/^[a-z]+-(service|relay)$/, 'must be a process name such as kitchen-service or order-relay');

export const processVerbSchema = z.enum(['stop', 'start']);
export type ProcessVerb = z.output<typeof processVerbSchema>;
