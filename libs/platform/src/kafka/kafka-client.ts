import { Logger } from '@nestjs/common';
import { type Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { createKafkaClient } from './kafka-settings';

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

/** A Kafka client (kafka-settings.ts) whose kafkajs logs go through the service's Nest logger. */
export function createKafka(clientId: string, brokers: string[], overrides: Partial<KafkaConfig> = {}): Kafka {
  return createKafkaClient(clientId, brokers, nestLogCreator(), overrides);
}
