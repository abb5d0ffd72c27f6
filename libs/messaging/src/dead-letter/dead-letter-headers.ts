/**
 * Headers a dead-lettered message carries besides its original ones: why it failed and where it
 * came from, so that an operator can read it and the replay tool can send it back.
 */
export const DeadLetterHeaders = {
  errorClass: 'dlt-error-class',
  errorMessage: 'dlt-error-message',
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  consumerGroup: 'dlt-consumer-group',
  failedAt: 'dlt-failed-at',
  /** Attempts it took before it was given up, for a message retried up to the budget. */
  attempts: 'dlt-attempts',
  /** The original value's size in bytes, when the copy holds only its first bytes: the whole is at the original offset. */
  valueTruncated: 'dlt-value-truncated',
} as const;

const ours = new Set<string>(Object.values(DeadLetterHeaders));

/** The original headers back, without what dead-lettering added (used by the replay). */
export function withoutDeadLetterHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !ours.has(name)));
}
