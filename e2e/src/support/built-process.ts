import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { infraSettings, type ServiceName } from '@ftgo/tools';

/** One built entry of a service on its own, with only `env` (and PATH) in its environment, JSON logs. */
export function spawnBuilt(service: ServiceName, entry: 'main.js' | 'relay.js', env: Record<string, string>): ChildProcess {
  const main = join(infraSettings().repoRoot, 'dist', 'apps', `${service}-service`, 'src', entry);
  return spawn(process.env.SERVICE_NODE || process.execPath, [main], {
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

