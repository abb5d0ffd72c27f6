// What the e2e tests use of the tooling: the launcher, the build and the service runner.
export { build } from './build/build';
export {
  httpPort,
  NATIVE_PORTS,
  type PortPlan,
  PROCESSES,
  type ProcessSpec,
  processEnv,
  type RunningProcess,
  type StartOptions,
  SERVICES,
  startProcess,
  startProcesses,
  stopProcesses,
} from './dev/services';
export { ensureInfra, type Infra, infraEnv, stopStartedInfra } from './infra/infra';
export { infraSettings, SERVICE_DATABASES, type ServiceName } from './infra/settings';
export { freePort, type IsolatedInfra, startIsolatedInfra } from './infra/isolated';
export { createScratchDatabase, type ScratchDatabase } from './testing/scratch-database';
