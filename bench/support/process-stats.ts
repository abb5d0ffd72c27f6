// CPU time and memory of the processes a benchmark compares, read from /proc (Linux only).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** Fields after the parenthesised command name of /proc/<pid>/stat; index 0 is field 3 (state). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far; with `children`, also its reaped children's. */
export function cpuSeconds(pid: number, children = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
  return (utime + stime + (children ? cutime + cstime : 0)) / TICKS_PER_SECOND;
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** The pid of the launcher's Kafka broker, from its pid file under the infrastructure folder. */
export function kafkaBrokerPid(infraDir: string): number {
  return Number(readFileSync(join(infraDir, 'kafka', 'kafka.pid'), 'utf8'));
}

/** Current and peak resident memory in MB (VmRSS, VmHWM). */
export function memoryMb(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/**
 * Every CPU second of one PostgreSQL server: the postmaster, its live backends (walsenders
 * included), and the backends that already exited (reaped by the postmaster, so in its cutime).
 */
export function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (fields && Number(fields[1]) === postmaster) total += cpuSeconds(pid);
  }
  return total;
}

/** Samples a counter over time, so that the value at any moment of the run can be read back. */
export class CounterTrace {
  private readonly samples: { at: number; value: number }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly read: () => number) {}

  start(everyMs = 20): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Linear interpolation between the samples around `at` (epoch ms). */
  valueAt(at: number): number {
    const after = this.samples.findIndex((sample) => sample.at >= at);
    if (after <= 0) return this.samples[after === 0 ? 0 : this.samples.length - 1].value;
    const [a, b] = [this.samples[after - 1], this.samples[after]];
    return a.value + ((b.value - a.value) * (at - a.at)) / (b.at - a.at || 1);
  }

  private sample(): void {
    this.samples.push({ at: Date.now(), value: this.read() });
  }
}
