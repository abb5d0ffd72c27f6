import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { fixKafkajsRequestQueue } from './request-queue-fix';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through the service's logger, so its lines carry the same format and level filter. */
function nestLogCreator() {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const detail = Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : '';
      new Logger(`kafkajs:${namespace}`)[LEVELS[level] ?? 'log'](`${message}${detail}`);
    };
}

/** One way to build a client: the same retry, timeouts and logging in every service and tool. */
export function createKafka(clientId: string, brokers: string[], overrides: Partial<KafkaConfig> = {}): Kafka {
  fixKafkajsRequestQueue();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator(),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 8 },
    ...overrides,
  });
}
