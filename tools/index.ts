// What tests use of the tooling: the launcher, the build, the service runner and the test harness.
export { build } from './build/build';
export {
  freePortPlan,
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
export { infraSettings } from './infra/settings';
export { SERVICE_REGISTRY, type ServiceName } from './registry/service-registry';
export { freePort, type IsolatedInfra, startIsolatedInfra } from './infra/isolated';
export { ensureServiceNode, IMAGE_NODE_VERSION, type ServiceNode } from './node/service-node';
export { type JsonResponse, request } from './testing/http';
export { createScratchDatabase, type ScratchDatabase } from './testing/scratch-database';
export {
  type OutboxRow,
  type PublishOptions,
  type ReadRecord,
  type ServiceHarness,
  readTopic,
  type ServiceUnderTest,
  startServiceHarness,
} from './testing/service-harness';
