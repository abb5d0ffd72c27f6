import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { infraSettings } from '../infra/settings';

const run = promisify(execFile);

/** The kustomize the manifests are written for (kubectl ≥ 1.34 embeds the same v5 line). */
export const KUSTOMIZE_VERSION = 'v5.8.0';
const MODULE = `sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}`;
// A build that died (killed test run) leaves its lock behind; a real one takes about a minute.
const STALE_LOCK_MS = 10 * 60_000;

/**
 * The kustomize binary: $KUSTOMIZE if set, else one built once per machine from the Go module
 * proxy into .infra/tools/ (about a minute cold, ADR 0005) and reused offline from then on.
 * Test files run in parallel: a lock directory makes the first one build and the others wait.
 */
export async function kustomizeBinary(): Promise<string> {
  if (process.env.KUSTOMIZE) return process.env.KUSTOMIZE;
  const toolsDir = join(infraSettings().dir, 'tools');
  const binary = join(toolsDir, `kustomize-${KUSTOMIZE_VERSION}`);
  const lock = `${binary}.lock`;
  mkdirSync(toolsDir, { recursive: true });
  while (!existsSync(binary)) {
    if (takeLock(lock)) {
      try {
        if (!existsSync(binary)) await build(toolsDir, binary);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      await sleep(500);
    }
  }
  return binary;
}

function takeLock(lock: string): boolean {
  if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
  try {
    mkdirSync(lock);
    return true;
  } catch {
    return false;
  }
}

async function build(toolsDir: string, binary: string): Promise<void> {
  const gobin = mkdtempSync(join(toolsDir, 'gobin-'));
  try {
    await run('go', ['install', MODULE], { env: { ...process.env, GOBIN: gobin }, timeout: 5 * 60_000 });
    renameSync(join(gobin, 'kustomize'), binary);
  } catch (error) {
    throw new Error(
      `tools/k8s needs kustomize ${KUSTOMIZE_VERSION}. Building it with \`go install ${MODULE}\` failed ` +
        `(Go 1.22+ and the Go module proxy, once per machine), or set KUSTOMIZE to a kustomize binary.\n${String(error)}`,
    );
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

/** `kustomize build k8s/<dir>`: the YAML stream kubectl would apply. */
export async function kustomizeBuild(dir: string): Promise<string> {
  const root = infraSettings().repoRoot;
  const { stdout } = await run(await kustomizeBinary(), ['build', resolve(root, dir)], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
