import { baseConfigSchema, portSchema } from '@ftgo/platform';
import type { z } from 'zod';

export const kitchenConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: portSchema.default(3002),
});

export type KitchenConfig = z.output<typeof kitchenConfigSchema>;
