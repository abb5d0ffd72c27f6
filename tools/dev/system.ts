import { randomBytes } from 'node:crypto';
import type { Infra } from '../infra/infra';
import { type ControlServer, startControlServer } from './control-server';
import { controlPort, startFlowPage } from './flow-page-process';
import {
  type ChildNodeProcess,
  NATIVE_PORTS,
  PROCESSES,
  processName,
  type RunningProcess,
  startProcess,
  startProcesses,
  type StartOptions,
  stopProcesses,
} from './services';
import { type Supervised, Supervisor } from './supervisor';

export interface SystemOptions extends StartOptions {
  /** Also run the flow page, with the control endpoint it calls to stop and start processes. */
  flowPage?: boolean;
}

/** The whole system under the launcher: the services' processes, the supervisor, optionally the flow page. */
export interface RunningSystem {
  processes: RunningProcess[];
  supervisor: Supervisor;
  flowPage?: ChildNodeProcess;
  stop(): Promise<void>;
}

export async function startSystem(infra: Infra, options: SystemOptions = {}): Promise<RunningSystem> {
  const ports = options.ports ?? NATIVE_PORTS;
  const startOptions = { ...options, ports };
  const processes = await startProcesses(infra, startOptions);
  const units: Supervised[] = PROCESSES.map((spec) => ({
    name: processName(spec),
    role: spec.role,
    url: processes.find((running) => running.spec === spec)?.url ?? '',
    launch: () => startProcess(spec, infra, startOptions),
  }));
  const supervisor = new Supervisor(units, processes);
  let control: ControlServer | undefined;
  let flowPage: ChildNodeProcess | undefined;
  const stop = async () => {
    if (flowPage) await stopProcesses([flowPage]);
    await control?.close();
    await supervisor.stopAll();
  };
  if (options.flowPage) {
    try {
      const token = randomBytes(24).toString('hex');
      control = await startControlServer(supervisor, token, controlPort(ports));
      flowPage = await startFlowPage(infra, { url: control.url, token }, startOptions);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { processes, supervisor, flowPage, stop };
}
