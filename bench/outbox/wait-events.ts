// What the contender's database sessions are doing during a drain: sampled pg_stat_activity.
import { Client } from 'pg';

export class WaitEventSampler {
  private readonly counts = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private samples = 0;
  private client?: Client;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  async start(everyMs = 10): Promise<void> {
    this.client = new Client({ connectionString: this.adminUrl });
    await this.client.connect();
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.inFlight = this.sample().finally(() => (busy = false));
    }, everyMs);
  }

  async stop(): Promise<string> {
    clearInterval(this.timer);
    await this.inFlight;
    await this.client?.end();
    const lines = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([what, n]) => `      ${((n / Math.max(1, this.samples)) * 100).toFixed(0).padStart(4)}%  ${what}`);
    return `    database sessions (${this.samples} samples; % of samples per session state):\n${lines.join('\n')}`;
  }

  private async sample(): Promise<void> {
    const { rows } = await (this.client as Client).query<{ what: string }>(
      `SELECT coalesce(backend_type, '') || ' ' || coalesce(state, '') || ' ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') ||
              ' ' || left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 40) AS what
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'`,
      [this.database],
    );
    this.samples++;
    for (const { what } of rows) this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
}
