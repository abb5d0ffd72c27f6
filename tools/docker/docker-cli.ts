import { execFile } from 'node:child_process';
import { repoRoot } from '../compose/compose-model';

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `docker` CLI against whatever engine DOCKER_HOST (or the CLI's context) names. */
export function docker(args: string[], timeoutMs = 60_000): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      args,
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '1' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(new Error(`docker ${args[0]}: ${error.message}`));
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Like `docker`, but a non-zero exit is an error that shows the command and what it printed. */
export async function dockerOk(args: string[], timeoutMs?: number): Promise<string> {
  const result = await docker(args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited with ${result.code}: ${(result.stderr || result.stdout).trim().slice(-2_000)}`);
  }
  return result.stdout.trim();
}

/** The engine's version, or undefined when no CLI is installed or no engine answers. */
export async function engineVersion(): Promise<string | undefined> {
  try {
    const result = await docker(['version', '--format', '{{.Server.Version}}'], 15_000);
    return result.code === 0 && result.stdout.trim() ? result.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}
