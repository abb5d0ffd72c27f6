import {
  type PortPlan,
  type RunningProcess,
  type ServiceName,
  startProcess,
  startProcesses,
  type StartOptions,
  stopProcesses,
} from '@ftgo/tools';
import { infraFromEnv } from '../infra-from-env';

/**
 * Clear of `npm start`'s ports, so a developer's running system and the e2e tests can coexist.
 * `E2E_PORT_BASE` moves them, for two checkouts testing on one machine.
 */
const base = Number(process.env.E2E_PORT_BASE || 43_000);
export const E2E_PORTS: PortPlan = { httpBase: base, grpcBase: base + 50 };

/** The whole system as real processes, with handles to stop and restart one of them. */
export class System {
  private constructor(
    private processes: RunningProcess[],
    private readonly options: StartOptions,
    readonly logs: string[],
  ) {}

  static async start(env: Record<string, string> = {}): Promise<System> {
    const logs: string[] = [];
    const options: StartOptions = { ports: E2E_PORTS, env, log: (line) => logs.push(line) };
    try {
      return new System(await startProcesses(infraFromEnv(), options), options, logs);
    } catch (error) {
      // What the processes said is what tells a slow start from a crash.
      throw new Error(`${(error as Error).message}\nlast lines of the processes:\n${logs.slice(-40).join('\n')}`, { cause: error });
    }
  }

  url(name: `${ServiceName}-service` | `${ServiceName}-relay`): string {
    return this.get(name).url;
  }

  async stopOne(name: string): Promise<void> {
    await stopProcesses([this.get(name)]);
  }

  async restartOne(name: string): Promise<void> {
    const old = this.get(name);
    if (old.process.exitCode === null) await stopProcesses([old]);
    const fresh = await startProcess(old.spec, infraFromEnv(), this.options);
    this.processes = this.processes.map((running) => (running === old ? fresh : running));
  }

  async stop(): Promise<void> {
    await stopProcesses(this.processes);
  }

  private get(name: string): RunningProcess {
    const found = this.processes.find((running) => running.name === name);
    if (!found) throw new Error(`no process named ${name}`);
    return found;
  }
}
