import type { FailureKind } from '../errors/failure-classification';

/** The message a partition is waiting on: it failed and will be tried again. */
export interface FailingMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Failed attempts so far, of any kind. */
  attempts: number;
  /** Failed attempts that count against the retry budget (kind `unknown`). */
  budgetUsed: number;
  since: string;
  error: string;
}

/**
 * Per partition, the message it is retrying. Kept in memory: after a restart or a rebalance the
 * budget starts again, which at worst repeats a bounded number of attempts.
 */
export class FailingMessages {
  private readonly byPartition = new Map<string, FailingMessage>();

  recordFailure(topic: string, partition: number, offset: string, kind: FailureKind, error: Error): FailingMessage {
    const key = `${topic}\u0000${partition}`;
    const previous = this.byPartition.get(key);
    const current: FailingMessage =
      previous?.offset === offset
        ? { ...previous }
        : { topic, partition, offset, attempts: 0, budgetUsed: 0, since: new Date().toISOString(), error: '' };
    current.attempts++;
    if (kind === 'unknown') current.budgetUsed++;
    current.error = error.message;
    this.byPartition.set(key, current);
    return current;
  }

  settled(topic: string, partition: number): void {
    this.byPartition.delete(`${topic}\u0000${partition}`);
  }

  /** The partitions whose message has failed at least `attempts` times. */
  stuck(attempts: number): FailingMessage[] {
    return [...this.byPartition.values()].filter((message) => message.attempts >= attempts).map((message) => ({ ...message }));
  }
}
