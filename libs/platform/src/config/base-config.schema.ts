import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const postgresUrl = z
  .string({ error: 'is required (e.g. postgres://user:pass@127.0.0.1:5432/db)' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL');

const brokerList = z
  .string({ error: 'is required (comma-separated host:port list)' })
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

/** The settings every service has; a service extends this with its own. */
export const baseConfigSchema = z.object({
  HTTP_PORT: port,
  HTTP_HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: brokerList,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** `json` for containers and log shippers; `pretty` for a person at a terminal. */
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type BaseConfig = z.output<typeof baseConfigSchema>;
export { port as portSchema };
