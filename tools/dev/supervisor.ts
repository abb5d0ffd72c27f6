import type { ChildNodeProcess } from './services';
import { stopProcesses } from './services';

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'exited';
export type ProcessVerb = 'stop' | 'start';

/** The states each verb may be used in: stop what runs, start what does not. */
const ALLOWED: Record<ProcessVerb, ProcessState[]> = { stop: ['running'], start: ['stopped', 'exited'] };

/** One process as the control endpoint lists it. */
export interface ProcessStatus {
  name: string;
  role: string;
  url: string;
  state: ProcessState;
  pid?: number;
  /** Why it is not running when nobody asked it to stop (it crashed, or failed to become ready). */
  error?: string;
}

/** What the supervisor needs to run a process again. */
export interface Supervised {
  name: string;
  role: string;
  url: string;
  /** Starts the process and resolves once it is ready (rejects, having stopped it, otherwise). */
  launch(): Promise<ChildNodeProcess>;
}

/** Thrown for a name the supervisor does not run, or a verb the process's state does not allow. */
export class SupervisorError extends Error {
  constructor(
    message: string,
    readonly kind: 'unknown' | 'conflict',
  ) {
    super(message);
    this.name = 'SupervisorError';
  }
}

interface Entry {
  unit: Supervised;
  state: ProcessState;
  child?: ChildNodeProcess;
  error?: string;
}

/**
 * Keeps the system's processes and lets a caller stop and start one of them by name: the flow
 * page's outage buttons and the e2e tests use the same verbs. A process that dies on its own
 * shows as `exited` with its exit code.
 */
export class Supervisor {
  private readonly entries = new Map<string, Entry>();

  constructor(units: Supervised[], running: ChildNodeProcess[]) {
    for (const unit of units) {
      const child = running.find((candidate) => candidate.name === unit.name);
      const entry: Entry = { unit, state: child ? 'running' : 'stopped' };
      this.entries.set(unit.name, entry);
      if (child) this.watch(entry, child);
    }
  }

  list(): ProcessStatus[] {
    return [...this.entries.values()].map(({ unit, state, child, error }) => ({
      name: unit.name,
      role: unit.role,
      url: unit.url,
      state,
      ...(state === 'running' && child?.process.pid !== undefined && { pid: child.process.pid }),
      ...(error && { error }),
    }));
  }

  /** Throws SupervisorError unless `verb` may be used on `name` now. */
  check(name: string, verb: ProcessVerb): void {
    this.entry(name, verb);
  }

  /** SIGTERM (the process drains), resolved once it has exited. */
  async stop(name: string): Promise<void> {
    const entry = this.entry(name, 'stop');
    entry.state = 'stopping';
    await stopProcesses([entry.child as ChildNodeProcess]);
  }

  /**
   * Sends `signal` (SIGKILL plays a crash; SIGTERM without waiting lets a caller watch the drain)
   * and resolves with the exit code once the process has exited; it may be started again.
   */
  async signal(name: string, signal: NodeJS.Signals): Promise<number | null> {
    const entry = this.entry(name, 'stop');
    entry.state = 'stopping';
    const child = entry.child as ChildNodeProcess;
    child.process.kill(signal);
    return child.exited;
  }

  /** Starts it again, resolved once it answers /health/ready. */
  async start(name: string): Promise<void> {
    const entry = this.entry(name, 'start');
    entry.state = 'starting';
    entry.error = undefined;
    try {
      this.watch(entry, await entry.unit.launch());
    } catch (error) {
      entry.state = 'exited';
      entry.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  async stopAll(): Promise<void> {
    const running = [...this.entries.values()].filter((entry) => entry.child);
    for (const entry of running) entry.state = 'stopping';
    await stopProcesses(running.map((entry) => entry.child as ChildNodeProcess));
  }

  private watch(entry: Entry, child: ChildNodeProcess): void {
    entry.child = child;
    entry.state = 'running';
    void child.exited.then((code) => {
      if (entry.child !== child) return;
      entry.child = undefined;
      if (entry.state === 'stopping') entry.state = 'stopped';
      else Object.assign(entry, { state: 'exited', error: `exited with code ${code}` });
    });
  }

  private entry(name: string, verb: ProcessVerb): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new SupervisorError(`no process named ${name}`, 'unknown');
    if (!ALLOWED[verb].includes(entry.state)) throw new SupervisorError(`${name} is ${entry.state}: cannot ${verb} it`, 'conflict');
    return entry;
  }
}
