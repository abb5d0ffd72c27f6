import { lastLinesPerProcess, type PortPlan, type RunningSystem, type ServiceName, startSystem } from '@ftgo/tools';
import { infraFromEnv } from '../infra-from-env';

/**
 * Clear of `npm start`'s ports, so a developer's running system and the e2e tests can coexist, and
 * below Linux's ephemeral range (32768 up), where any outgoing connection may hold a port.
 * `E2E_PORT_BASE` moves them, for two checkouts testing on one machine.
 */
const base = Number(process.env.E2E_PORT_BASE || 29_000);
export const E2E_PORTS: PortPlan = { httpBase: base, grpcBase: base + 50 };
/**
 * How long each process may take to answer /health/ready. On a 2-core machine shared with other
 * test runs (load average above 40) the services took over 60 s just to load their modules.
 */
export const READY_TIMEOUT_MS = 150_000;

/** The whole system as real processes, with handles to stop and restart one of them. */
export class System {
  private constructor(
    private readonly running: RunningSystem,
    readonly logs: string[],
  ) {}

  /** `env` goes to every process (e.g. shorter breaker timeouts); `flowPage` adds the flow page and its control endpoint. */
  static async start(env: Record<string, string> = {}, options: { flowPage?: boolean } = {}): Promise<System> {
    const logs: string[] = [];
    try {
      const running = await startSystem(infraFromEnv(), {
        ports: E2E_PORTS,
        readyTimeoutMs: READY_TIMEOUT_MS,
        env,
        log: (line) => logs.push(line),
        ...options,
      });
      return new System(running, logs);
    } catch (error) {
      // What the processes said is what explains a start that failed: the last lines of each.
      throw new Error(`${(error as Error).message}\nlast log lines:\n${lastLinesPerProcess(logs).join('\n')}`, { cause: error });
    }
  }

  url(name: `${ServiceName}-service` | `${ServiceName}-relay`): string {
    const found = this.running.supervisor.list().find((status) => status.name === name);
    if (!found) throw new Error(`no process named ${name}`);
    return found.url;
  }

  get flowPageUrl(): string {
    if (!this.running.flowPage) throw new Error('the system was started without the flow page');
    return this.running.flowPage.url;
  }

  async stopOne(name: string): Promise<void> {
    await this.running.supervisor.stop(name);
  }

  /** Sends one process a signal; resolves with its exit code once it has exited. */
  signal(name: string, signal: NodeJS.Signals): Promise<number | null> {
    return this.running.supervisor.signal(name, signal);
  }

  /** Starts a stopped process again; resolves once it answers /health/ready. */
  async startOne(name: string): Promise<void> {
    await this.running.supervisor.start(name);
  }

  async restartOne(name: string): Promise<void> {
    const status = this.running.supervisor.list().find((candidate) => candidate.name === name);
    if (status?.state === 'running') await this.running.supervisor.stop(name);
    await this.running.supervisor.start(name);
  }

  async stop(): Promise<void> {
    await this.running.stop();
  }
}
