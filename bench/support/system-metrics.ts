// What a benchmark reads from the running system: the processes' /metrics and the machine's load.
import { readFileSync } from 'node:fs';
import { pollUntil } from '@ftgo/platform';

export async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** The value of one sample, `name{labels} value`; 0 when the process has not recorded it. */
export function sampleValue(metrics: string, name: string, labels: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** The sum of every sample of `name`, whatever its labels. */
export function sampleSum(metrics: string, name: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Outbox rows not yet on Kafka plus messages not yet consumed, over every process. */
export async function unsettledWork(urls: readonly string[]): Promise<number> {
  const pending = await Promise.all(
    urls.map(async (url) => {
      const metrics = await scrape(url);
      return sampleSum(metrics, 'outbox_backlog_messages') + sampleSum(metrics, 'messaging_consumer_lag');
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
