// Runs the relay CLI as a real child process, so a test can SIGKILL it by pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { RelayConfig } from '../relay/relay-config';

const CLI = resolve(__dirname, '../relay/outbox-relay.cli.ts');

export interface RelayProcess {
  child: ChildProcess;
  pid: number;
  /** The relay's structured log lines so far. */
  logs: { message: string; [field: string]: unknown }[];
  /** Every line it wrote so far, stdout and stderr, as written. */
  output: string[];
  waitForLog(message: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

function envOf(config: RelayConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(config)) env[key] = Array.isArray(value) ? value.join(',') : String(value);
  return env;
}

export function spawnRelay(config: RelayConfig): RelayProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], { env: envOf(config), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: RelayProcess['logs'] = [];
  const output: string[] = [];
  const collect = (onLine: (line: string) => void) => {
    let buffered = '';
    return (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
  };
  child.stdout?.on('data', collect((line) => {
    output.push(line);
    if (line.startsWith('{')) logs.push(JSON.parse(line));
  }));
  child.stderr?.on('data', collect((line) => output.push(line)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    pid: child.pid ?? -1,
    logs,
    output,
    async waitForLog(message, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!logs.some((line) => line.message === message)) {
        if (child.exitCode !== null || Date.now() > deadline) {
          const seen = logs.map((line) => line.message).join(' | ');
          const stderr = output.filter((line) => !line.startsWith('{')).slice(-20).join('\n');
          throw new Error(`relay ${child.pid} never logged "${message}" (logged: ${seen}; stderr: ${stderr.trim() || 'none'})`);
        }
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid ?? -1, signal);
      await exited;
    },
  };
}
