// Where a process's CPU time went, from the .cpuprofile files `node --cpu-prof` writes at exit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  sampledMs: number;
  functions: SelfTime[];
  /** Self time by package (`node_modules/<name>`), repository folder (`libs/messaging`), or V8/Node itself. */
  modules: SelfTime[];
}

/** `libs/outbox`, `apps/order-service`, `kafkajs`, `node:internal`, `(garbage collector)`. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const repoMatch = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  return repoMatch ? repoMatch[1]! : url;
}

function rank(totals: Map<string, number>, sampledMs: number, top: number): SelfTime[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / sampledMs }));
}

/**
 * Self time per function and per module over the samples taken between `fromUs` and `toUs`
 * (the profile's clock, the same monotonic clock as `process.hrtime`), so that start-up and
 * the idle phase do not dilute the load's picture. `(idle)` is left out: it is not CPU.
 */
export function summariseProfile(profile: CpuProfile, window: { fromUs: number; toUs: number }, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let at = profile.startTime;
  let sampledMs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < window.fromUs || at > window.toUs) return;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    const ms = delta / 1000;
    const module = moduleOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${module}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    modules.set(module, (modules.get(module) ?? 0) + ms);
    sampledMs += ms;
  });
  return { sampledMs, functions: rank(functions, sampledMs || 1, top), modules: rank(modules, sampledMs || 1, top) };
}

/** The one profile a process wrote into `dir` (`--cpu-prof-dir`), found by its pid. */
export function readProfileOf(dir: string, pid: number): CpuProfile | undefined {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`));
  return file ? (JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile) : undefined;
}

/** Now on the profile's clock (µs). */
export const profileClockUs = () => Number(process.hrtime.bigint() / 1000n);
