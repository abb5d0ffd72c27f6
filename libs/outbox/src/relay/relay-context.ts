import type { Pool } from 'pg';
import type { RelayLogger } from '../observability/relay-logger';
import type { OutboxPublisher } from '../publisher/outbox-publisher';
import type { RetryPolicy } from '../schema/outbox-store';
import type { RelayConfig } from './relay-config';
import type { WakeSignal } from './wake-signal';

/** What a relay mode needs from the process around it. */
export interface RelayContext {
  config: RelayConfig;
  publisher: OutboxPublisher;
  logger: RelayLogger;
  /** Woken by NOTIFY and by stop(): cuts any wait short. */
  wake: WakeSignal;
  /** For side work next to the session: log position updates, metrics, retention. */
  pool: Pool;
  isStopping(): boolean;
}

export function retryPolicyOf(config: RelayConfig): RetryPolicy {
  return { maxAttempts: config.OUTBOX_MAX_ATTEMPTS, baseMs: config.OUTBOX_RETRY_BASE_MS, maxMs: config.OUTBOX_RETRY_MAX_MS };
}
