import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { infraSettings, SERVICES, schemathesisCommand } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { System } from '../src/support/system';
import { type FuzzResult, fuzzApi } from './run-fuzz';
import { SMALL_FUZZ } from './fuzz-options';

/**
 * The small configuration of `npm run fuzz`: schemathesis with every check against each API's
 * live OpenAPI document, the whole system running. The three APIs are fuzzed at once (they wait
 * on their dependencies far more than on the CPU). The larger run and what each check means:
 * docs/patterns/fuzzing.md.
 */
describe('every API conforms to its OpenAPI document (schemathesis, all checks)', () => {
  let system: System | undefined;
  const runs = new Map<string, Promise<FuzzResult>>();

  beforeAll(async () => {
    const reportDir = join(infraSettings().repoRoot, 'dist', 'fuzz');
    mkdirSync(reportDir, { recursive: true });
    // The virtual environment (first run only) installs while the system starts.
    const [started] = await Promise.all([System.start(), schemathesisCommand()]);
    system = started;
    for (const service of SERVICES) {
      runs.set(service, fuzzApi(service, started.url(`${service}-service`), { ...SMALL_FUZZ, reportDir }));
    }
    // Each test awaits its own run; a rejection is reported by that test, not left unhandled.
    for (const run of runs.values()) run.catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await system?.stop();
  });

  for (const service of SERVICES) {
    it(`${service}-service: 0 failures, with a few hundred cases`, async () => {
      const result = await runs.get(service)!;
      console.log(`[fuzz] ${service}-service: ${result.cases} cases, exit code ${result.exitCode}`);
      expect(result.exitCode, result.output).toBe(0);
      expect(result.summary, result.output).toMatch(/\b(\d+) generated, \1 passed\b/);
      expect(result.cases).toBeGreaterThanOrEqual(SMALL_FUZZ.minimumCases);
    }, 300_000);
  }
});
