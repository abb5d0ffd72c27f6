import { Kafka, type KafkaConfig, type logCreator as LogCreator, logLevel } from 'kafkajs';
import { fixKafkajsRequestQueue } from './request-queue-fix';

/**
 * One way to build a client: the same retry and timeouts in every service and tool. `logCreator`
 * says where kafkajs's own log lines go (the service's Nest logger, the relay's JSON lines).
 */
export function createKafkaClient(clientId: string, brokers: string[], logCreator: LogCreator, overrides: Partial<KafkaConfig> = {}): Kafka {
  fixKafkajsRequestQueue();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 8 },
    ...overrides,
  });
}
