// What tests use of the tooling: the launcher, the build, the service runner and the test harness.
export { build } from './build/build';
export { controlPort, flowPagePort } from './dev/flow-page-process';
export { type ProcessStatus, Supervisor } from './dev/supervisor';
export { onInterrupt } from './dev/interrupt';
export { lastLinesPerProcess } from './dev/log-tails';
export { type RunningSystem, startSystem, type SystemOptions } from './dev/system';
export {
  type ChildNodeProcess,
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
export { installedPhoenix, installPhoenix, type RunningPhoenix, startPhoenix } from './infra/phoenix';
export { SCHEMATHESIS_VERSION, schemathesisCommand } from './infra/schemathesis';
export { SERVICE_REGISTRY, type ServiceName } from './registry/service-registry';
export { freePort, type IsolatedInfra, startIsolatedInfra } from './infra/isolated';
export { ensureServiceNode, IMAGE_NODE_VERSION, type ServiceNode } from './node/service-node';
export { type JsonResponse, request } from './testing/http';
export { interleavings, permutations } from './testing/orderings';
export { type SagaModel, sagaTable, type SagaTableRow, sagaTableMismatches } from './testing/saga-table';
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
export { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './testing/otlp-receiver';
export { metricSum, scrapeMetric } from './testing/metric-samples';
