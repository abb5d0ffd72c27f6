import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import { type FlowPageConfig, processTargets } from '../config/flow-page.config';
import type { CommittedOffset, HistoryPoint, ProcessSample, SystemSnapshot } from '../shared/flow-api';
import { CommittedOffsets } from './committed-offsets';
import { readMetrics } from './read-metrics';
import { SupervisorClient } from './supervisor-client';

/** Two minutes of sparkline at the default interval. */
const HISTORY_POINTS = 120;
const PROBE_TIMEOUT_MS = 1_500;

type Target = ReturnType<typeof processTargets>[number];

async function sampleProcess(target: Target): Promise<ProcessSample> {
  const get = (path: string) => fetch(`${target.url}${path}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const [metrics, ready] = await Promise.allSettled([get('/metrics').then((r) => r.text()), get('/health/ready')]);
  const base = { name: target.name, role: target.role, url: target.url };
  if (metrics.status === 'rejected') return { ...base, reachable: false, readiness: 'unreachable', breakers: [], lag: [] };
  const readiness =
    ready.status === 'fulfilled' ? ((await ready.value.json().catch(() => ({}))) as { status?: string }).status ?? String(ready.value.status) : 'unreachable';
  const { outbox, ...read } = readMetrics(metrics.value);
  // The APIs register the outbox gauges too, but only a relay samples them.
  return { ...base, reachable: true, readiness, ...read, ...(target.role === 'relay' && outbox && { outbox }) };
}

function historyPoint(at: number, processes: ProcessSample[], offsets: CommittedOffset[]): HistoryPoint {
  const backlog = Object.fromEntries(processes.filter((p) => p.role === 'relay').map((p) => [p.name, p.outbox?.backlog]));
  const lag: Record<string, number> = {};
  for (const { group, offset, end } of offsets) lag[group] = (lag[group] ?? 0) + Math.max(0, end - offset);
  return { at, backlog, lag };
}

/**
 * Every `SAMPLE_INTERVAL_MS`: each process's /metrics and /health/ready, the consumer groups'
 * committed offsets, and the launcher's process list; the browser polls the latest snapshot.
 */
@Injectable()
export class SystemSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SystemSampler.name);
  private latest?: SystemSnapshot;
  private readonly history: HistoryPoint[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(CommittedOffsets) private readonly offsets: CommittedOffsets,
    @Inject(SupervisorClient) private readonly supervisor: SupervisorClient,
  ) {}

  onApplicationBootstrap(): void {
    void this.loop();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The newest sample; taken now if none was taken yet. */
  async snapshot(): Promise<SystemSnapshot> {
    return this.latest ?? (await this.sample());
  }

  private async loop(): Promise<void> {
    await this.sample().catch((error: unknown) => this.logger.warn(`sampling failed: ${(error as Error).message}`));
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.config.SAMPLE_INTERVAL_MS);
  }

  private async sample(): Promise<SystemSnapshot> {
    const [processes, offsets, control] = await Promise.all([
      Promise.all(processTargets(this.config).map(sampleProcess)),
      this.offsets.read().catch((error: unknown) => {
        // A sample in flight when the app stops loses its admin connection: no news.
        if (!this.stopped) this.logger.warn(`reading committed offsets failed: ${(error as Error).message}`);
        return this.latest?.offsets ?? [];
      }),
      this.supervisor.panel(),
    ]);
    const at = Date.now();
    this.history.push(historyPoint(at, processes, offsets));
    if (this.history.length > HISTORY_POINTS) this.history.shift();
    this.latest = { sampledAt: new Date(at).toISOString(), processes, offsets, history: [...this.history], control };
    return this.latest;
  }
}
