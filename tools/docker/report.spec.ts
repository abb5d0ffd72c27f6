import { describe, expect, it } from 'vitest';
import { type ContainerResult, failuresOf, formatReport, type Report } from './report';

const healthy: ContainerResult = {
  service: 'order-service',
  healthySeconds: 10,
  memory: { usedBytes: 80 * 1024 ** 2, limitBytes: 160 * 1024 ** 2 },
  idleCpuPercent: 1,
  hardening: { readOnlyRoot: true, uid: 1000, capabilities: '0000000000000000', pid1: 'docker-init' },
  stop: { seconds: 0.5, exitCode: 0, graceSeconds: 20 },
  logs: { lines: 30, offending: [] },
};
const reportOf = (container: Partial<ContainerResult>, extra: Partial<Report> = {}): Report => ({
  engine: 'test',
  images: [],
  containers: [{ ...healthy, ...container }],
  errors: [],
  ...extra,
});

describe('docker:check verdict', () => {
  it('passes a container that holds every check', () => {
    expect(failuresOf(reportOf({}))).toEqual([]);
  });

  it.each([
    ['killed at the end of its grace period', { stop: { seconds: 20.1, exitCode: 137, graceSeconds: 20 } }, /exit code 137/],
    ['running node as PID 1', { hardening: { ...healthy.hardening!, pid1: 'node' } }, /no init/],
    ['writing a coloured log line', { logs: { lines: 2, offending: ['\u001b[32m[Nest] 1 - LOG'] } }, /not JSON/],
    ['running as root', { hardening: { ...healthy.hardening!, uid: 0 } }, /root/],
    ['keeping a capability', { hardening: { ...healthy.hardening!, capabilities: '00000000a80425fb' } }, /capabilities/],
  ])('fails a container %s', (_, container, message) => {
    expect(failuresOf(reportOf(container)).join('\n')).toMatch(message);
  });

  it('fails when a stop during start-up waits for the kill', () => {
    const startUpStop = { seconds: 20.2, exitCode: 137, graceSeconds: 20, stillStarting: true };
    expect(failuresOf(reportOf({}, { startUpStop }))).toHaveLength(1);
  });

  it('prints memory against the limit and how each container stopped, then the verdict', () => {
    const lines = formatReport(reportOf({}));
    expect(lines.find((line) => line.startsWith('order-service') && line.includes('MiB'))).toMatch(/80 MiB\s+160 MiB\s+1\.0 %/);
    expect(lines.find((line) => line.startsWith('order-service') && line.includes('docker-init'))).toMatch(/1000\s+none\s+read-only\s+30\/30\s+0\.5 s\s+0/);
    expect(lines.at(-1)).toBe('passed');
  });
});
