// npm run fuzz: schemathesis with every check against the three APIs of a running system, bigger than the suite's run
// (on the e2e tests' ports: not at the same time as `npm run e2e`).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureInfra, infraSettings, SERVICES, schemathesisCommand, startSystem, stopStartedInfra } from '@ftgo/tools';
import { E2E_PORTS } from '../src/support/system';
import { fuzzSizeFromEnv } from './fuzz-options';
import { fuzzApi } from './run-fuzz';

async function main(): Promise<void> {
  const size = fuzzSizeFromEnv();
  const reportDir = join(infraSettings().repoRoot, 'dist', 'fuzz');
  mkdirSync(reportDir, { recursive: true });
  const logFile = join(reportDir, 'system.log');
  writeFileSync(logFile, '');
  await Promise.all([build(SERVICES.map((service) => `apps/${service}-service`)), schemathesisCommand()]);
  const infra = await ensureInfra();
  const system = await startSystem(infra, { ports: E2E_PORTS, readyTimeoutMs: 180_000, log: (line) => appendFileSync(logFile, `${line}\n`) });
  try {
    console.log(`fuzz: --max-examples ${size.maxExamples}, every check, the three APIs at once`);
    const started = Date.now();
    const results = await Promise.all(
      system.processes.filter((running) => running.spec.role === 'api').map((running) => fuzzApi(running.spec.service, running.url, { ...size, reportDir })),
    );
    for (const result of results) {
      writeFileSync(join(reportDir, `${result.api}.txt`), result.output);
      console.log(`\n${result.api}-service: exit code ${result.exitCode}, ${result.cases} cases\n${result.summary}`);
    }
    console.log(`\nfuzz: ${Math.round((Date.now() - started) / 1000)} s; full outputs and JUnit reports in ${reportDir}`);
    process.exitCode = results.some((result) => result.exitCode !== 0) ? 1 : 0;
  } finally {
    await system.stop();
    await stopStartedInfra(infra);
  }
}

main().catch((error: Error) => {
  console.error(`fuzz: ${error.message}`);
  process.exitCode = 1;
});
