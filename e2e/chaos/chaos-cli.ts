// npm run chaos: the whole system under faults, in each relay mode, and a table of what it saw.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, infraSettings, SERVICES } from '@ftgo/tools';
import { chaosOptionsFromEnv } from './chaos-options';
import { chaosDetails, chaosTable } from './chaos-report';
import { runChaos } from './run-chaos';

async function main(): Promise<void> {
  const options = chaosOptionsFromEnv();
  const logDir = join(infraSettings().repoRoot, 'dist', 'chaos');
  mkdirSync(logDir, { recursive: true });
  await build(SERVICES.map((service) => `apps/${service}-service`));
  const results = [];
  for (const mode of options.modes) {
    const logFile = join(logDir, `${mode}.log`);
    writeFileSync(logFile, '');
    console.log(`chaos: ${options.orders} orders, ${options.concurrency} at a time, relay mode ${mode}`);
    const log = (line: string) => {
      appendFileSync(logFile, `${line}\n`);
      if (line.startsWith('[chaos]')) console.log(line);
    };
    results.push(await runChaos(mode, options, log));
  }
  console.log(`\n${chaosTable(results)}\n`);
  for (const result of results) for (const line of chaosDetails(result)) console.log(line);
  console.log(`process logs: ${logDir}`);
  const failed = results.some((r) => r.abandoned.length + r.lost + r.reordered + r.stuck.length + r.deadLettered + r.malformed > 0);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: Error) => {
  console.error(`chaos: ${error.message}`);
  process.exitCode = 1;
});
