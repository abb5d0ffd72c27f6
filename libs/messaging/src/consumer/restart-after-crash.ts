import type { Logger } from '@nestjs/common';
import { type BackoffPolicy, backoffDelayMs } from '@ftgo/platform';
import type { Consumer } from 'kafkajs';

export interface RestartAfterCrashOptions {
  /** `consumer.run(...)` with the consumer's own options. */
  run: () => Promise<void>;
  /** True once the owner is stopping: nothing is started again then. */
  stopping: () => boolean;
  policy: BackoffPolicy;
  logger: Logger;
  onRestart: () => void;
}

/**
 * kafkajs gives up for good on a consumer whose crash it deems non-retriable — "Failed to find
 * group coordinator" while the broker is restarting is one — and the process would stay up
 * consuming nothing. This starts such a consumer again, with backoff, until it runs; a crash
 * kafkajs restarts by itself is left to kafkajs.
 */
export function restartAfterCrash(consumer: Consumer, options: RestartAfterCrashOptions): { cancel(): void } {
  const { run, stopping, policy, logger, onRestart } = options;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  const startAgain = async () => {
    timer = undefined;
    if (stopping()) return;
    try {
      await consumer.connect();
      if (!stopping()) await run();
      // A stop() that came while connecting has already disconnected what it saw.
      if (stopping()) await consumer.disconnect();
    } catch (error) {
      schedule(error as Error);
    }
  };
  const schedule = (error: Error) => {
    if (stopping()) return;
    attempts++;
    const delay = backoffDelayMs(attempts, policy);
    logger.warn(`kafkajs stopped the consumer for good (${error.message}); starting it again in ${delay} ms`);
    onRestart();
    clearTimeout(timer); // one start at a time, whatever crashed meanwhile
    timer = setTimeout(() => void startAgain(), delay);
  };
  consumer.on(consumer.events.GROUP_JOIN, () => (attempts = 0));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) schedule(payload.error);
  });
  return { cancel: () => clearTimeout(timer) };
}
