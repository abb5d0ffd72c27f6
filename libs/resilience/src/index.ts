export { dependencyConfigFromEnv, type DependencyConfig, dependencyConfigSchema } from './config/dependency-config';
export {
  type BreakerSnapshot,
  type CallContext,
  DependencyGuard,
  type GuardedWork,
} from './guard/dependency-guard';
export { DependencyUnavailableError, type UnavailableReason } from './guard/dependency-unavailable.error';
export { isCallerError } from './guard/failure-classification';
export { createGrpcClient, grpcTarget, ROUND_ROBIN_CHANNEL_OPTIONS } from './grpc/grpc-client-factory';
export { type OpenedStream, openServerStream } from './grpc/server-stream';
export { unaryCall } from './grpc/unary-call';
export type { BreakerState } from './metrics/breaker-metrics';
export { DependencyGuards } from './guard/dependency-guards';
export { BreakerReadinessIndicator } from './nest/breaker-readiness.indicator';
export { DependencyUnavailableFilter } from './nest/dependency-unavailable.filter';
export { ResilienceModule, type ResilienceModuleOptions } from './nest/resilience.module';
