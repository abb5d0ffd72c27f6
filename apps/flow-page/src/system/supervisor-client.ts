import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import type { FlowPageConfig } from '../config/flow-page.config';
import type { ControlledProcess, ControlPanel } from '../shared/flow-api';

const NOT_SUPERVISED =
  'Stopping and starting processes needs the native launcher (npm start): under docker compose, use `docker compose stop <service>`.';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

/** The launcher's loopback control endpoint (tools/dev/control-server.ts), when the page runs under `npm start`. */
@Injectable()
export class SupervisorClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: FlowPageConfig) {}

  async panel(): Promise<ControlPanel> {
    if (!this.config.SUPERVISOR_URL) return { available: false, reason: NOT_SUPERVISED };
    try {
      const answer = await this.call('GET', '/processes');
      if (answer.status !== 200) return { available: false, reason: `the launcher answered ${answer.status}` };
      return { available: true, processes: answer.body as ControlledProcess[] };
    } catch (error) {
      return { available: false, reason: `the launcher is unreachable: ${(error as Error).message}` };
    }
  }

  act(name: string, verb: 'stop' | 'start'): Promise<ControlAnswer> {
    if (!this.config.SUPERVISOR_URL) return Promise.resolve({ status: 501, body: { message: NOT_SUPERVISED } });
    return this.call('POST', `/processes/${encodeURIComponent(name)}/${verb}`);
  }

  private async call(method: string, path: string): Promise<ControlAnswer> {
    const response = await fetch(`${this.config.SUPERVISOR_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.config.SUPERVISOR_TOKEN}` },
      signal: AbortSignal.timeout(2_000),
    });
    return { status: response.status, body: await response.json() };
  }
}
