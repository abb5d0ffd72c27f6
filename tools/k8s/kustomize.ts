import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { goToolBinary } from '../infra/go-tool';
import { infraSettings } from '../infra/settings';

const run = promisify(execFile);

/** The kustomize the manifests are written for (kubectl ≥ 1.34 embeds the same v5 line). */
export const KUSTOMIZE_VERSION = 'v5.8.0';
const MODULE = `sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}`;
// A cold build (module downloads, compiling the Kubernetes libraries) while other suites share the CPUs.
const BUILD_BUDGET_MS = 20 * 60_000;

/**
 * The kustomize binary: $KUSTOMIZE if set, else one built once per machine from the Go module
 * proxy into .infra/tools/ (about 35 s cold on a quiet machine, ADR 0005; the unit tests' global
 * set-up does it before any test) and reused offline from then on.
 */
export async function kustomizeBinary(): Promise<string> {
  if (process.env.KUSTOMIZE) return process.env.KUSTOMIZE;
  return goToolBinary('kustomize', KUSTOMIZE_VERSION, build);
}

async function build(output: string): Promise<void> {
  const gobin = mkdtempSync(join(dirname(output), 'gobin-'));
  try {
    await run('go', ['install', MODULE], { env: { ...process.env, GOBIN: gobin }, timeout: BUILD_BUDGET_MS });
    renameSync(join(gobin, 'kustomize'), output);
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
