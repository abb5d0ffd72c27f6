import { baseConfigSchema, portSchema } from '@ftgo/platform';
import type { z } from 'zod';

export const accountingConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: portSchema.default(3003),
});

export type AccountingConfig = z.output<typeof accountingConfigSchema>;
