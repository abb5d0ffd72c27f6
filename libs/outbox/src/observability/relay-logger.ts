import { type logCreator, logLevel } from 'kafkajs';

/** Structured logs: one JSON object per line on stdout, easy to grep and to ship. */
export interface RelayLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(component = 'outbox-relay', write = (line: string) => process.stdout.write(line)): RelayLogger {
  const log = (level: string) => (message: string, fields: Record<string, unknown> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

const KAFKA_LEVELS: Partial<Record<logLevel, keyof RelayLogger>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
};

/** kafkajs logs through the relay's logger: its lines are JSON objects like the relay's own. */
export function kafkaLogCreator(logger: RelayLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      logger[KAFKA_LEVELS[level] ?? 'info'](message, { namespace: `kafkajs:${namespace}`, ...fields });
    };
}
