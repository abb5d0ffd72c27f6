import { grpcServerConfig, httpServerConfig, kafkaConsumerConfig, parseConfig, serviceConfig } from '@ftgo/platform';
import { z } from 'zod';

export const kitchenConfigSchema = z.object({
  ...serviceConfig,
  ...httpServerConfig(3002),
  ...grpcServerConfig(50052),
  ...kafkaConsumerConfig('kitchen-service'),
});

export type KitchenConfig = z.output<typeof kitchenConfigSchema>;

/** The whole configuration, every problem reported at once by name (ConfigError). */
export function loadKitchenConfig(env: NodeJS.ProcessEnv = process.env): KitchenConfig {
  return parseConfig('kitchen-service', kitchenConfigSchema, env);
}
