import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../timing/poll-until';

const fixture = resolve(__dirname, '../testing/slow-starting-service.ts');

describe('runService', () => {
  // In a container node is PID 1, and the kernel ignores every signal PID 1 has no handler for:
  // a stop during a slow start-up would wait for SIGKILL. So the process must exit by itself.
  it('exits by itself, code 0, on a SIGTERM that arrives while the service is still starting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await pollUntil('the service to begin starting', () => output.includes('Starting Nest application'), { timeoutMs: 45_000, intervalMs: 50 });
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(output).toContain('SIGTERM received while starting');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
