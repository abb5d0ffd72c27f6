import { baseConfigSchema, portSchema } from '@ftgo/platform';
import type { z } from 'zod';

export const orderConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: portSchema.default(3001),
});

export type OrderConfig = z.output<typeof orderConfigSchema>;
