import { describe, expect, it } from 'vitest';
import { SMALL_RUN } from './chaos-options';
import { chaosDetails, chaosTable } from './chaos-report';
import { runChaos } from './run-chaos';

// The small configuration of `npm run chaos`: every fault once per relay mode, then the checks
// from outside. The full one and what each fault teaches: docs/patterns/chaos.md.
describe('the whole system under faults', () => {
  for (const mode of SMALL_RUN.modes) {
    it(`${mode}: every order reaches its final state once, nothing is lost, reordered or dead-lettered, and the outboxes drain`, async () => {
      const logs: string[] = [];
      const lastLogLines = () => ['--- last process log lines ---', ...logs.slice(-40)];
      const result = await runChaos(mode, SMALL_RUN, (line) => logs.push(line)).catch((error: Error) => {
        throw new Error([error.message, ...lastLogLines()].join('\n'), { cause: error });
      });
      console.log(chaosTable([result]));
      const details = [...chaosDetails(result), ...lastLogLines()].join('\n');
      expect(result.abandoned, details).toEqual([]);
      expect(result.stuck, details).toEqual([]);
      expect(result).toMatchObject({ lost: 0, reordered: 0, deadLettered: 0, malformed: 0 });
      expect(result.records).toBeGreaterThanOrEqual(result.orders * 2);
    }, 600_000);
  }
});
