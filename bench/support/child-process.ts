// Benchmark processes started as children: each can be waited for by a JSON log line, and none outlives the benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(__dirname, '..', '..');
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

export interface LoggingChild {
  child: ChildProcess;
  /** Resolves once the child wrote a JSON line whose `message` is this; throws if it exits first or after 60 s. */
  waitFor(message: string): Promise<void>;
}

/** A child process in the repository's root whose JSON log lines (on stdout) can be waited for. */
export function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv): LoggingChild {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const seen: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) seen.push(String(JSON.parse(line).message));
  });
  return {
    child,
    async waitFor(message) {
      const deadline = Date.now() + 60_000;
      while (!seen.includes(message)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${command} ${args.join(' ')} never logged "${message}"`);
        await sleep(20);
      }
    },
  };
}
