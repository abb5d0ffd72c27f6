// The consumer-process fixture (consumer-process.ts) as the integration tests start and watch it.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { SettledMessage } from '../consumer/idempotent-consumer';

const fixture = resolve(__dirname, 'consumer-process.ts');

export interface ConsumerProcess {
  child: ChildProcess;
  /** Every message it reported settled, as it reports them. */
  settled: SettledMessage[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts consumer processes and kills, on `killAll`, whichever of them is still running. */
export class ConsumerProcesses {
  private readonly pids: number[] = [];

  start(env: { DATABASE_URL: string; TOPIC: string; GROUP_ID: string } & Record<string, string>): ConsumerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.pids.push(child.pid!);
    const settled: SettledMessage[] = [];
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('SETTLED ')) settled.push(JSON.parse(line.slice(8)));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    return { child, settled, exited };
  }

  killAll(): void {
    for (const pid of this.pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the normal case
      }
    }
  }
}
