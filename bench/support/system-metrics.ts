// What a benchmark reads from the running system: the processes' /metrics and the machine's load.
import { readFileSync } from 'node:fs';
import { pollUntil } from '@ftgo/platform';
import { metricSum } from '@ftgo/tools';

export async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** Outbox rows not yet on Kafka plus messages not yet consumed, over every process. */
export async function unsettledWork(urls: readonly string[]): Promise<number> {
  const pending = await Promise.all(
    urls.map(async (url) => {
      const metrics = await scrape(url);
      return metricSum(metrics, 'outbox_backlog_messages') + metricSum(metrics, 'messaging_consumer_lag');
    }),
  );
  return pending.reduce((sum, count) => sum + count, 0);
}

/** Until every relay's outbox is drained and every consumer has caught up, so a round starts from rest. */
export async function settle(urls: readonly string[], timeoutMs = 180_000): Promise<boolean> {
  return pollUntil('the system to settle', () => unsettledWork(urls), { timeoutMs, intervalMs: 1_000, until: (count) => count === 0 }).then(
    () => true,
    () => false,
  );
}

/** Busy and total jiffies of the whole machine. */
export function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = ticks[3]! + ticks[4]!; // idle + iowait
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** The one-minute load average. */
export const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
