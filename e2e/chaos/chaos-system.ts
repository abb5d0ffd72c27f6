import {
  freePortPlan,
  type Infra,
  type IsolatedInfra,
  type PortPlan,
  type RunningProcess,
  startIsolatedInfra,
  startProcess,
  startProcesses,
  type StartOptions,
  stopProcesses,
} from '@ftgo/tools';

export type RelayMode = 'polling' | 'log-tailing';

/**
 * Timings that let the system recover in seconds rather than half a minute: a killed consumer's
 * partitions are handed over after 6 s (the broker's minimum session), an open breaker tries again
 * after 2 s. Everything else is the services' default.
 */
const FAST_RECOVERY = {
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  KITCHEN_GRPC_RESET_TIMEOUT_MS: '2000',
  ACCOUNTING_GRPC_RESET_TIMEOUT_MS: '2000',
};

/** Generous: a restart on a machine busy with other work may take a minute. */
const READY_TIMEOUT_MS = 180_000;

/** The six processes on their own PostgreSQL and Kafka, which a fault may stop, kill or crash. */
export class ChaosSystem {
  private constructor(
    readonly infra: IsolatedInfra,
    private processes: RunningProcess[],
    private readonly options: StartOptions,
  ) {}

  static async start(mode: RelayMode, log: (line: string) => void): Promise<ChaosSystem> {
    const infra = await startIsolatedInfra(`chaos-${mode}`, { postgres: true, kafka: true });
    try {
      const options: StartOptions = { ports: portPlanFromEnv() ?? (await freePortPlan()), env: { ...FAST_RECOVERY, OUTBOX_RELAY_MODE: mode }, log, readyTimeoutMs: READY_TIMEOUT_MS };
      return new ChaosSystem(infra, await startProcesses(endpoints(infra), options), options);
    } catch (error) {
      await infra.dispose();
      throw error;
    }
  }

  get names(): string[] {
    return this.processes.map((running) => running.name);
  }

  url(name: string): string {
    return this.get(name).url;
  }

  databaseUrl(service: 'order' | 'kitchen' | 'accounting'): string {
    return endpoints(this.infra).postgres.databases[service];
  }

  get brokers(): string[] {
    return endpoints(this.infra).kafka.brokers;
  }

  /** SIGKILL, then the same process again; resolves once it answers /health/ready. */
  async killAndRestart(name: string): Promise<void> {
    const old = this.get(name);
    old.process.kill('SIGKILL');
    await old.exited;
    const fresh = await startProcess(old.spec, endpoints(this.infra), { ...this.options, readyTimeoutMs: READY_TIMEOUT_MS });
    this.processes = this.processes.map((running) => (running === old ? fresh : running));
  }

  /** Every process that a fault of the infrastructure left behind, back to ready. */
  async restartExited(): Promise<void> {
    for (const running of this.processes.filter((candidate) => candidate.process.exitCode !== null)) {
      const fresh = await startProcess(running.spec, endpoints(this.infra), { ...this.options, readyTimeoutMs: READY_TIMEOUT_MS });
      this.processes = this.processes.map((candidate) => (candidate === running ? fresh : candidate));
    }
  }

  /** Each process's own account of itself (`GET /health/ready`), one line each: what a stalled run is waiting for. */
  async readiness(): Promise<string[]> {
    return Promise.all(
      this.processes.map(async ({ name, url }) => {
        try {
          const answer = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
          return `${name}: ${answer.status} ${(await answer.text()).slice(0, 600)}`;
        } catch (error) {
          return `${name}: ${(error as Error).message}`;
        }
      }),
    );
  }

  async stop(): Promise<void> {
    try {
      await stopProcesses(this.processes);
    } finally {
      await this.infra.dispose();
    }
  }

  private get(name: string): RunningProcess {
    const found = this.processes.find((running) => running.name === name);
    if (!found) throw new Error(`no process named ${name}`);
    return found;
  }
}

/** CHAOS_PORT_BASE: the processes' ports from there up (a machine shared with other port ranges); free ones otherwise. */
function portPlanFromEnv(): PortPlan | undefined {
  const base = Number(process.env.CHAOS_PORT_BASE);
  return base ? { httpBase: base, grpcBase: base + 50 } : undefined;
}

function endpoints(infra: IsolatedInfra): Infra {
  if (!infra.postgres || !infra.kafka) throw new Error('the chaos system needs both PostgreSQL and Kafka');
  return { postgres: infra.postgres, kafka: infra.kafka };
}
