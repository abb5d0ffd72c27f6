import { httpServerConfig, kafkaConsumerConfig, parseConfig, serviceConfig } from '@ftgo/platform';
import { z } from 'zod';

const url = (fallback: string) => z.url({ error: 'must be an http:// URL' }).default(fallback);

// The page has no database: the services' process variables without DATABASE_URL.
const { DATABASE_URL: _noDatabase, ...processConfig } = serviceConfig;
// Its consumer tails from "now" and retries nothing, so it has no use for KAFKA_RETRY_INITIAL_DELAY_MS.
const { KAFKA_RETRY_INITIAL_DELAY_MS: _noRetries, ...tailConfig } = kafkaConsumerConfig('flow-page');

/**
 * Where the flow page finds the system. The defaults are `npm start`'s ports; compose and the
 * e2e tests set every URL. It reads Kafka and the services' HTTP APIs, nothing else.
 */
export const flowPageConfigSchema = z
  .object({
    ...processConfig,
    ...httpServerConfig(3000),
    // KAFKA_CONSUMER_GROUP names the page's own group; each process adds a unique suffix and deletes it on exit.
    ...tailConfig,
    /** The services' consumer groups: the page shows which of them has handled each event. */
    CONSUMER_GROUPS: z
      .string()
      .default('order-service,kitchen-service,accounting-service')
      .transform((value) => value.split(',').map((group) => group.trim()).filter(Boolean)),
    ORDER_SERVICE_URL: url('http://127.0.0.1:3001'),
    KITCHEN_SERVICE_URL: url('http://127.0.0.1:3002'),
    ACCOUNTING_SERVICE_URL: url('http://127.0.0.1:3003'),
    ORDER_RELAY_URL: url('http://127.0.0.1:3011'),
    KITCHEN_RELAY_URL: url('http://127.0.0.1:3012'),
    ACCOUNTING_RELAY_URL: url('http://127.0.0.1:3013'),
    /** The launcher's control endpoint (`npm start` sets both); unset, the page offers no stop/start. */
    SUPERVISOR_URL: z.url().optional(),
    SUPERVISOR_TOKEN: z.string().min(16).optional(),
    /** A trace viewer's page for one trace, `{traceId}` replaced; unset, events show no trace link. */
    TRACE_VIEWER_URL: z
      .string()
      .refine((value) => value.includes('{traceId}'), 'must contain {traceId}, e.g. http://127.0.0.1:16686/trace/{traceId}')
      .optional(),
    /** How often the page samples /metrics and /health/ready of every process. */
    SAMPLE_INTERVAL_MS: z.coerce.number().int().min(100).default(1_000),
    /** Events kept in memory for a browser that connects later (the newest win). */
    EVENT_BUFFER_SIZE: z.coerce.number().int().min(1).default(2_000),
  })
  .refine((config) => !config.SUPERVISOR_URL === !config.SUPERVISOR_TOKEN, {
    message: 'SUPERVISOR_URL and SUPERVISOR_TOKEN are set together or not at all',
    path: ['SUPERVISOR_TOKEN'],
  });

export type FlowPageConfig = z.output<typeof flowPageConfigSchema>;

/** The whole configuration, every problem reported at once by name (ConfigError). */
export function loadFlowPageConfig(env: NodeJS.ProcessEnv = process.env): FlowPageConfig {
  return parseConfig('flow-page', flowPageConfigSchema, env);
}

/** The processes the page samples, by the names the launcher gives them. */
export function processTargets(config: FlowPageConfig) {
  return [
    { name: 'order-service', role: 'api', url: config.ORDER_SERVICE_URL },
    { name: 'kitchen-service', role: 'api', url: config.KITCHEN_SERVICE_URL },
    { name: 'accounting-service', role: 'api', url: config.ACCOUNTING_SERVICE_URL },
    { name: 'order-relay', role: 'relay', url: config.ORDER_RELAY_URL },
    { name: 'kitchen-relay', role: 'relay', url: config.KITCHEN_RELAY_URL },
    { name: 'accounting-relay', role: 'relay', url: config.ACCOUNTING_RELAY_URL },
  ] as const;
}
