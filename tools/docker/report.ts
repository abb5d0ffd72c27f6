import type { Hardening, Memory, Stop } from './container-probes';
import type { BuiltImage } from './images';

export interface ContainerResult {
  service: string;
  healthySeconds: number;
  memory?: Memory;
  /** Mean CPU use while idle, in % of one core. */
  idleCpuPercent?: number;
  hardening?: Hardening;
  stop?: Stop & { graceSeconds: number };
  logs?: { lines: number; offending: string[] };
}

export interface Report {
  engine: string;
  /** The profiles `docker compose config` accepted; undefined without the compose plugin. */
  composeProfiles?: string[];
  baseImage?: { image: string; sizeBytes: number };
  nodeVersion?: string;
  images: BuiltImage[];
  containers: ContainerResult[];
  order?: { id: string; seconds: number };
  startUpStop?: Stop & { graceSeconds: number; stillStarting: boolean };
  /** What ended the run early. */
  errors: string[];
}

const NO_CAPABILITIES = '0000000000000000';
// Image sizes in MB as `docker images` prints them; memory in MiB as compose's limits and `docker stats`.
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;
const s = (seconds: number) => `${seconds.toFixed(1)} s`;

/** Every check that did not hold, one line each. */
export function failuresOf(report: Report): string[] {
  const failures = [...report.errors];
  for (const c of report.containers) {
    const h = c.hardening;
    if (h && !h.readOnlyRoot) failures.push(`${c.service}: the root filesystem is writable, or /tmp is not`);
    if (h && h.uid === 0) failures.push(`${c.service}: runs as root`);
    if (h && h.capabilities !== NO_CAPABILITIES) failures.push(`${c.service}: has capabilities ${h.capabilities}`);
    if (h && h.pid1 === 'node') failures.push(`${c.service}: node is PID 1, no init`);
    if (c.logs?.offending.length) failures.push(`${c.service}: ${c.logs.offending.length} log lines are not JSON, e.g. ${c.logs.offending[0].slice(0, 160)}`);
    if (c.stop && c.stop.exitCode !== 0) failures.push(`${c.service}: docker stop ended it with exit code ${c.stop.exitCode}`);
    if (c.stop && c.stop.seconds >= c.stop.graceSeconds) failures.push(`${c.service}: did not stop within its ${c.stop.graceSeconds} s grace period`);
  }
  const early = report.startUpStop;
  if (early && (early.exitCode !== 0 || early.seconds >= early.graceSeconds)) {
    failures.push(`a stop during start-up took ${s(early.seconds)}, exit code ${early.exitCode}`);
  }
  return failures;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatReport(report: Report): string[] {
  const out = [`docker:check on Docker engine ${report.engine}${report.nodeVersion ? `, Node ${report.nodeVersion} in the images` : ''}`, ''];
  if (report.composeProfiles) out.push(`docker compose config: valid for ${report.composeProfiles.join(', ')}`, '');
  if (report.images.length) {
    const base = report.baseImage;
    out.push(
      ...table(
        ['image', 'size', base ? `over ${base.image}` : 'over base', 'node_modules', 'build'],
        report.images.map((i) => [i.image, mb(i.sizeBytes), base ? mb(i.sizeBytes - base.sizeBytes) : '?', mib(i.nodeModulesBytes), s(i.buildSeconds)]),
      ),
      '',
    );
  }
  if (report.containers.length) {
    const or = <T>(value: T | undefined, show: (value: T) => string) => (value === undefined ? '?' : show(value));
    out.push(
      ...table(
        ['container', 'healthy after', 'memory (idle)', 'limit', 'CPU (idle)'],
        report.containers.map((c) => [
          c.service,
          s(c.healthySeconds),
          or(c.memory, (m) => mib(m.usedBytes)),
          or(c.memory, (m) => mib(m.limitBytes)),
          or(c.idleCpuPercent, (cpu) => `${cpu.toFixed(1)} %`),
        ]),
      ),
      '',
      ...table(
        ['container', 'PID 1', 'uid', 'capabilities', 'root fs', 'JSON log lines', 'docker stop', 'exit code'],
        report.containers.map((c) => [
          c.service,
          or(c.hardening, (h) => h.pid1),
          or(c.hardening, (h) => String(h.uid)),
          or(c.hardening, (h) => (h.capabilities === NO_CAPABILITIES ? 'none' : h.capabilities)),
          or(c.hardening, (h) => (h.readOnlyRoot ? 'read-only' : 'WRITABLE')),
          or(c.logs, (l) => `${l.lines - l.offending.length}/${l.lines}`),
          or(c.stop, (stopped) => s(stopped.seconds)),
          or(c.stop, (stopped) => String(stopped.exitCode)),
        ]),
      ),
      '',
    );
    const total = report.containers.reduce((sum, c) => sum + (c.memory?.usedBytes ?? 0), 0);
    const limits = report.containers.reduce((sum, c) => sum + (c.memory?.limitBytes ?? 0), 0);
    out.push(`${report.containers.length} app containers: ${mib(total)} in use, ${mib(limits)} of limits`);
  }
  if (report.order) out.push(`order ${report.order.id}: APPROVED ${s(report.order.seconds)} after POST /orders`);
  const early = report.startUpStop;
  if (early) {
    const phase = early.stillStarting ? 'while still starting (its broker silent)' : 'after it had started';
    out.push(`docker stop of an order-service ${phase}: ${s(early.seconds)}, exit code ${early.exitCode} (grace ${early.graceSeconds} s)`);
  }
  const failures = failuresOf(report);
  out.push('', failures.length ? `FAILED: ${failures.length} check(s)` : 'passed', ...failures.map((failure) => `  - ${failure}`));
  return out;
}
