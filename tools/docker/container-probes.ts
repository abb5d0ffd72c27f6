import type { AppContainer } from './app-containers';
import { docker, dockerOk } from './docker-cli';

export interface Hardening {
  /** Writing under /app fails with EROFS, writing under /tmp (tmpfs) works. */
  readOnlyRoot: boolean;
  uid: number;
  /** Effective capabilities of a process in the container, as hex (0 = none). */
  capabilities: string;
  /** The command name of PID 1: the init (`docker-init`) when compose's `init: true` holds. */
  pid1: string;
}

const WRITE_PROBE = [
  "const fs = require('fs');",
  "try { fs.writeFileSync('/app/.probe', 'x'); process.exit(2); } catch (e) { if (e.code !== 'EROFS') process.exit(3); }",
  "fs.writeFileSync('/tmp/.probe', 'x');",
].join(' ');

export async function hardeningOf(container: AppContainer): Promise<Hardening> {
  const exec = (...command: string[]) => docker(['exec', container.name, ...command]);
  const [write, uid, status, pid1] = await Promise.all([
    exec('node', '-e', WRITE_PROBE),
    exec('node', '-p', 'process.getuid()'),
    exec('cat', '/proc/self/status'),
    exec('cat', '/proc/1/comm'),
  ]);
  return {
    readOnlyRoot: write.code === 0,
    uid: Number(uid.stdout.trim()),
    capabilities: /CapEff:\s+([0-9a-f]+)/.exec(status.stdout)?.[1] ?? '?',
    pid1: pid1.stdout.trim(),
  };
}

/** The lines of `docker logs` (both streams) that are not one JSON object each. */
export async function nonJsonLogLines(container: AppContainer): Promise<{ lines: number; offending: string[] }> {
  const logs = await docker(['logs', container.name]);
  const lines = `${logs.stdout}\n${logs.stderr}`.split('\n').filter((line) => line.trim() !== '');
  const offending = lines.filter((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed !== 'object' || parsed === null;
    } catch {
      return true;
    }
  });
  return { lines: lines.length, offending };
}

export interface Memory {
  usedBytes: number;
  limitBytes: number;
}

/** One `docker stats` sample per container: memory as Docker counts it against the limit. */
export async function memoryOf(containers: AppContainer[]): Promise<Map<string, Memory>> {
  const output = await dockerOk(['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}', ...containers.map((c) => c.name)], 60_000);
  const memory = new Map<string, Memory>();
  for (const line of output.split('\n')) {
    const [name, usage] = line.split('\t');
    const [usedBytes, limitBytes] = usage.split('/').map((part) => bytesOfStats(part.trim()));
    memory.set(name, { usedBytes, limitBytes });
  }
  return memory;
}

/** CPU time the container's processes used so far, in seconds, from its cgroup (v2 or v1). */
export async function cpuSecondsOf(container: AppContainer): Promise<number> {
  const read = 'cat /sys/fs/cgroup/cpu.stat 2>/dev/null || cat /sys/fs/cgroup/cpuacct/cpuacct.usage';
  const output = await dockerOk(['exec', container.name, 'sh', '-c', read]);
  const v2 = /usage_usec (\d+)/.exec(output);
  return v2 ? Number(v2[1]) / 1e6 : Number(output) / 1e9;
}

const STATS_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1e3, MB: 1e6, GB: 1e9 };

/** `docker stats` writes sizes such as `95.3MiB`, `1.5GiB`, `800KiB`. */
function bytesOfStats(value: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(value);
  if (!match || !(match[2] in STATS_UNITS)) throw new Error(`not a docker stats size: ${value}`);
  return Math.round(Number(match[1]) * STATS_UNITS[match[2]]);
}

export interface Stop {
  seconds: number;
  exitCode: number;
}

/** `docker stop` with the container's grace period (compose's stop_grace_period): SIGTERM, wait, SIGKILL. */
export async function stop(container: AppContainer): Promise<Stop> {
  const started = Date.now();
  await dockerOk(['stop', '--time', String(container.stopGraceSeconds), container.name], (container.stopGraceSeconds + 30) * 1000);
  const seconds = (Date.now() - started) / 1000;
  const exitCode = Number(await dockerOk(['inspect', '--format', '{{.State.ExitCode}}', container.name]));
  return { seconds, exitCode };
}
