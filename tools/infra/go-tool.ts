import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { infraSettings } from './settings';

// A build that died (killed test run) leaves its lock behind.
const STALE_LOCK_MS = 30 * 60_000;

/**
 * A tool built once per machine into .infra/tools/<name>-<version> (a Go program from the Go module
 * proxy, or a directory such as schemathesis' Python virtual environment) and reused offline from then on. Parallel callers (test files, `npm start`): a lock directory
 * makes the first one build and the others wait for its binary.
 */
export async function goToolBinary(name: string, version: string, build: (output: string) => Promise<void>): Promise<string> {
  const toolsDir = join(infraSettings().dir, 'tools');
  const binary = join(toolsDir, `${name}-${version}`);
  const lock = `${binary}.lock`;
  mkdirSync(toolsDir, { recursive: true });
  while (!existsSync(binary)) {
    if (takeLock(lock)) {
      try {
        if (!existsSync(binary)) {
          const partial = `${binary}.partial`;
          await build(partial);
          renameSync(partial, binary);
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      await sleep(500);
    }
  }
  return binary;
}

/** Whether the program is already built (no build is started). */
export function goToolBuilt(name: string, version: string): string | undefined {
  const binary = join(infraSettings().dir, 'tools', `${name}-${version}`);
  return existsSync(binary) ? binary : undefined;
}

/** Takes `lock` (a directory) unless another live process holds it; a stale one is taken over. */
export function takeLock(lock: string): boolean {
  if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
  try {
    mkdirSync(lock);
    return true;
  } catch {
    return false;
  }
}
