import { grpcServerConfig, httpServerConfig, kafkaConsumerConfig, parseConfig, serviceConfig } from '@ftgo/platform';
import { z } from 'zod';

export const accountingConfigSchema = z.object({
  ...serviceConfig,
  ...httpServerConfig(3003),
  ...grpcServerConfig(50053),
  ...kafkaConsumerConfig('accounting-service'),
  /** The limit of an account opened on a consumer's first order (domain/account.ts: the authorization rule). */
  ACCOUNT_DEFAULT_LIMIT_MINOR: z.coerce.number().int().min(0).default(50_000),
  ACCOUNT_DEFAULT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').default('USD'),
});

export type AccountingConfig = z.output<typeof accountingConfigSchema>;

/** The whole configuration, every problem reported at once by name (ConfigError). */
export function loadAccountingConfig(env: NodeJS.ProcessEnv = process.env): AccountingConfig {
  return parseConfig('accounting-service', accountingConfigSchema, env);
}
