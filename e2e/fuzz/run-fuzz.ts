import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { schemathesisCommand } from '@ftgo/tools';

const FUZZ_DIR = __dirname;

export interface FuzzOptions {
  /** Cases per operation and phase: the suite's size. */
  maxExamples: number;
  /** Where the JUnit report of each API goes (one file per API). */
  reportDir: string;
}

export interface FuzzResult {
  api: string;
  exitCode: number;
  /** Schemathesis' summary: phases, failures by check, number of cases. */
  summary: string;
  /** Everything it printed, failures first: what to read when it failed. */
  output: string;
  cases: number;
}

/**
 * Schemathesis against one API's live document, with every check, the configuration and hooks in
 * e2e/fuzz/, and deterministic generation (no seed, no example database: the same cases each run;
 * only the stateful phase follows what the live system answers).
 */
export async function fuzzApi(api: string, baseUrl: string, options: FuzzOptions): Promise<FuzzResult> {
  const [command, ...prefix] = await schemathesisCommand();
  const args = [
    ...prefix,
    '--config-file', join(FUZZ_DIR, 'schemathesis.toml'),
    'run', `${baseUrl}/docs-json`,
    '--checks', 'all',
    '--max-examples', String(options.maxExamples),
    '--generation-deterministic',
    '--workers', '1',
    '--wait-for-schema', '30',
    '--no-color',
    '--report', 'junit',
    '--report-junit-path', join(options.reportDir, `${api}.junit.xml`),
  ];
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve) => {
    // Run where the reports go: schemathesis keeps a cache of its own in its working directory.
    const env = { ...process.env, SCHEMATHESIS_HOOKS: join(FUZZ_DIR, 'hooks.py') };
    execFile(command, args, { cwd: options.reportDir, env, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
  const summaryLine = /^=+ SUMMARY =+$/m.exec(output);
  const summary = summaryLine ? output.slice(summaryLine.index).trim() : output.slice(-2000);
  const cases = Number(/(\d+) generated/.exec(summary)?.[1] ?? 0);
  return { api, exitCode, summary, output, cases };
}
