import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goToolBinary } from './go-tool';

const run = promisify(execFile);

/** The schemathesis the fuzz suite and its configuration are written for. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** pip gives up quickly on an unreachable index, so that a machine without PyPI fails in seconds, not minutes. */
const PIP_NETWORK = ['--timeout', '15', '--retries', '1', '--disable-pip-version-check', '--no-input', '--quiet'];

/**
 * How to run `st`, as an argv prefix: $SCHEMATHESIS if set, else a Python virtual environment
 * created once per machine in .infra/tools/schemathesis-<version> (python3 -m venv, then pip from
 * PyPI, about 20 s) and reused offline from then on; the same lock as the Go tools makes parallel
 * callers wait. The script runs through the venv's own python: the environment is created under a
 * temporary name and renamed, which leaves its scripts' `#!` lines pointing at the old one.
 */
export async function schemathesisCommand(): Promise<string[]> {
  if (process.env.SCHEMATHESIS) return [process.env.SCHEMATHESIS];
  const venv = await goToolBinary('schemathesis', SCHEMATHESIS_VERSION, createVenv);
  return [join(venv, 'bin', 'python3'), join(venv, 'bin', 'st')];
}

async function createVenv(venv: string): Promise<void> {
  try {
    await run('python3', ['-m', 'venv', '--clear', venv], { timeout: 120_000 });
  } catch (error) {
    throw new Error(`the fuzz suite needs Python 3.9+ with venv (python3 -m venv failed: ${lastLine(error)})`);
  }
  try {
    await run(join(venv, 'bin', 'pip'), ['install', ...PIP_NETWORK, `schemathesis==${SCHEMATHESIS_VERSION}`], { timeout: 10 * 60_000 });
  } catch (error) {
    throw new Error(
      `the fuzz suite needs schemathesis ${SCHEMATHESIS_VERSION} from PyPI once per machine, and pip could not install it ` +
        `(${lastLine(error)}); or set SCHEMATHESIS to an installed st command`,
    );
  }
}

/** pip and venv explain themselves on their last line of stderr. */
function lastLine(error: unknown): string {
  const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
  return stderr.split('\n').filter(Boolean).at(-1) ?? (error as Error).message;
}
