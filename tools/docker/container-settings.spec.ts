import { describe, expect, it } from 'vitest';
import { PROCESSES } from '../dev/services';
import { containerNameOf, loadCompose } from '../compose/compose-model';
import { CARRIED, NOT_CARRIED, runArguments, seconds } from './container-settings';

const compose = loadCompose();
const appServices = PROCESSES.map(containerNameOf);
const plan = { name: 'c', labels: { run: 'r' }, env: { A: '1' }, ports: new Map([[3011, 45211]]) };

/** The value after each occurrence of a flag. */
const valuesOf = (args: string[], flag: string) => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));

describe('docker:check runs each app container with its compose settings', () => {
  it('knows every setting the app services use: carried over, or left out for a stated reason', () => {
    const handled = new Set<string>([...CARRIED, ...Object.keys(NOT_CARRIED)]);
    for (const name of appServices) {
      expect(Object.keys(compose.services[name]).filter((key) => !handled.has(key)), name).toEqual([]);
    }
  });

  it("carries the relay's hardening, limits, grace period and healthcheck (on this run's port)", () => {
    const args = runArguments(compose.services['order-relay'], plan);
    expect(args).toContain('--init');
    expect(args).toContain('--read-only');
    expect(valuesOf(args, '--tmpfs')).toEqual(['/tmp']);
    expect(valuesOf(args, '--cap-drop')).toEqual(['ALL']);
    expect(valuesOf(args, '--security-opt')).toEqual(['no-new-privileges:true']);
    expect(valuesOf(args, '--memory')).toEqual(['120M']);
    expect(valuesOf(args, '--cpus')).toEqual(['0.5']);
    expect(valuesOf(args, '--stop-timeout')).toEqual(['20']);
    const [health] = valuesOf(args, '--health-cmd');
    expect(health).toMatch(/^node -e '.*127\.0\.0\.1:45211\/health\/live/);
    expect(health).not.toContain(':3011');
    expect(valuesOf(args, '--health-start-period')).toEqual(['20s']);
    expect(valuesOf(args, '--env')).toEqual(['A=1']);
  });

  it('reads compose durations as whole seconds', () => {
    expect([seconds('20s'), seconds('1m30s'), seconds('1500ms'), seconds('0s')]).toEqual([20, 90, 2, 0]);
    expect(() => seconds('twenty')).toThrow(/not a compose duration/);
  });
});
