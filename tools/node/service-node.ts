import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InfraSettings } from '../infra/settings';

const run = promisify(execFile);

/**
 * The Node.js the images ship (the Dockerfile's `node:24-*` base), pinned to one release so that
 * every test run uses the same. The e2e tests run the services on it; the test runner itself runs
 * on the Node that started it (ADR 0001). Raise it with the Dockerfile's major (dockerfile.spec.ts checks).
 */
export const IMAGE_NODE_VERSION = '24.22.3';

/** The npm registry ships Node.js binaries as `node-<platform>-<arch>` packages, for some platforms. */
const packageName = () => `node-${process.platform}-${process.arch}`;

export interface ServiceNode {
  path: string;
  version: string;
  /** Why this is not IMAGE_NODE_VERSION, when it is not. */
  note?: string;
}

async function versionOf(path: string): Promise<string> {
  return (await run(path, ['--version'])).stdout.trim().replace(/^v/, '');
}

/**
 * SERVICE_NODE when set (a path to a node binary); else IMAGE_NODE_VERSION, fetched once from the
 * npm registry into `.infra/node/`; else, where the registry has no package for this platform,
 * the Node running now, with a note saying so.
 */
export async function ensureServiceNode(settings: InfraSettings, env: NodeJS.ProcessEnv = process.env): Promise<ServiceNode> {
  if (env.SERVICE_NODE) return { path: env.SERVICE_NODE, version: await versionOf(env.SERVICE_NODE), note: 'from SERVICE_NODE' };
  const dir = join(settings.dir, 'node', `${packageName()}-${IMAGE_NODE_VERSION}`);
  const path = join(dir, 'package', 'bin', 'node');
  if (!existsSync(path)) {
    try {
      await fetchNode(dir);
    } catch (error) {
      const note = `no ${packageName()}@${IMAGE_NODE_VERSION} from the npm registry (${(error as Error).message.split('\n')[0]}): set SERVICE_NODE to a Node ${IMAGE_NODE_VERSION.split('.')[0]} binary`;
      return { path: process.execPath, version: process.versions.node, note };
    }
  }
  return { path, version: await versionOf(path) };
}

/** `npm pack` (which checks the registry's integrity hash), unpacked next to the final folder, then renamed. */
async function fetchNode(dir: string): Promise<void> {
  mkdirSync(join(dir, '..'), { recursive: true });
  const scratch = mkdtempSync(`${dir}.partial-`);
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = await run(npm, ['pack', '--silent', `${packageName()}@${IMAGE_NODE_VERSION}`, '--pack-destination', scratch], {
      timeout: 10 * 60_000,
    });
    await run('tar', ['-xzf', join(scratch, packed.stdout.trim().split('\n').pop()!), '-C', scratch, 'package/bin/node']);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    renameSync(join(scratch, 'package'), join(dir, 'package'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
