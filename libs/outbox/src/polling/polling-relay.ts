import { backoffDelayMs } from '@ftgo/platform/standalone';
import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { isKafkaOutage } from '../publisher/publish-error';
import type { RelayContext } from '../relay/relay-context';
import { relayConnection } from '../relay/relay-connection';
import { interruptibleSleep } from '../relay/interruptible-sleep';
import { readLogPositions, retireLogPosition } from '../schema/log-position';
import { ClaimPipeline } from './claim-pipeline';

/**
 * The polling publisher. Adaptive waits: a full batch means more is waiting, so claim again at
 * once; an empty one doubles the wait up to a maximum. A NOTIFY from the outbox trigger ends any
 * wait early, so latency is not bound by the poll interval. Kafka unreachable: the open batches
 * roll back, the relay waits with backoff. Returns when the relay stops; throws when the database
 * fails (the caller reconnects and competes for leadership again).
 */
export async function runPolling(session: Client, context: RelayContext): Promise<void> {
  await takeOverFromLogTailing(session, context);
  await session.query('LISTEN outbox_message');
  session.on('notification', () => context.wake.wake());
  const second = relayConnection(context.config.DATABASE_URL);
  second.on('error', (error) => context.logger.warn('database connection error', { error: error.message }));
  await second.connect();
  try {
    await pollUntilStopped(new ClaimPipeline([session, second], context), context);
  } finally {
    await second.end().catch(() => undefined);
  }
}

/** Claims until stopped; also log-tailing's first start, for the rows written before its slot. */
export async function pollUntilStopped(pipeline: ClaimPipeline, context: RelayContext, untilEmpty?: () => Promise<boolean>): Promise<void> {
  const { config } = context;
  let idleMs = config.OUTBOX_POLL_INTERVAL_MS;
  let outages = 0;
  let spins = 0;
  while (!context.isStopping()) {
    let progress;
    try {
      progress = await pipeline.step();
      outages = 0;
    } catch (error) {
      await pipeline.abandon();
      if (!isKafkaOutage(error)) throw error;
      relayMetrics.publishFailures.inc({ kind: 'outage' });
      const waitMs = backoffDelayMs(++outages, { initialDelayMs: config.OUTBOX_RETRY_BASE_MS, maxDelayMs: config.OUTBOX_RETRY_MAX_MS, jitter: 'equal' });
      context.logger.warn('kafka unavailable, batch kept for later', { error: String(error), retryInMs: waitMs });
      await interruptibleSleep(waitMs, context.wake);
      continue;
    }
    if (progress !== 'none') {
      // The next claim overlaps this batch's send: it finds more, or nothing.
      idleMs = config.OUTBOX_POLL_INTERVAL_MS;
      spins = 0;
      continue;
    }
    await pipeline.drain();
    if (untilEmpty && (await untilEmpty())) return;
    if (pipeline.isAdvancing) {
      // A new row usually becomes final by the next claim: claim again at once, then poll.
      if (spins++ < 2) continue;
      await interruptibleSleep(config.OUTBOX_POLL_INTERVAL_MS, context.wake);
      continue;
    }
    spins = 0;
    await interruptibleSleep(idleMs, context.wake);
    idleMs = Math.min(idleMs * 2, config.OUTBOX_POLL_MAX_INTERVAL_MS);
  }
  await pipeline.drain();
}

/**
 * A log-tailing relay ran here before: the rows its log position covers become `sent` rows and
 * its slot is dropped, so that polling neither publishes them again nor leaves the slot holding WAL.
 */
async function takeOverFromLogTailing(session: Client, context: RelayContext): Promise<void> {
  for (const position of await readLogPositions(session)) {
    const converted = await retireLogPosition(session, position);
    context.logger.info('took over from log-tailing', { slot: position.slotName, rowsMarkedSent: converted });
  }
}
