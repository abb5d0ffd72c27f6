import type { DependencyConfig } from '../config/dependency-config';
import { DependencyGuard } from './dependency-guard';

/** One guard per downstream dependency, by name: the breakers a service has, for health and shutdown. */
export class DependencyGuards {
  private readonly guards = new Map<string, DependencyGuard>();

  constructor(configs: Record<string, Omit<DependencyConfig, 'address'>> = {}) {
    for (const [name, config] of Object.entries(configs)) this.guards.set(name, new DependencyGuard(name, config));
  }

  /** The guard of `name`; asking for an unconfigured dependency is a wiring bug, so it throws. */
  get(name: string): DependencyGuard {
    const guard = this.guards.get(name);
    if (!guard) throw new Error(`no guard for dependency "${name}" (configured: ${[...this.guards.keys()].join(', ')})`);
    return guard;
  }

  all(): DependencyGuard[] {
    return [...this.guards.values()];
  }

  shutdown(): void {
    for (const guard of this.guards.values()) guard.shutdown();
  }
}
