export { checkDatabase, checkDependencies, redactedUrl, StartupError } from './bootstrap/check-dependencies';
export { type AppOptions, type ConfigureApp, runService, startService, type RunningService, type ServiceDefinition } from './bootstrap/run-service';
export {
  baseConfigSchema,
  type BaseConfig,
  deadlineSchedulerConfig,
  type DeadlineSchedulerConfig,
  grpcServerConfig,
  type GrpcServerConfig,
  httpServerConfig,
  type HttpServerConfig,
  kafkaConsumerConfig,
  type KafkaConsumerConfig,
  serviceConfig,
  type ServiceConfig,
} from './config/config-fragments';
export { ConfigError, parseConfig } from './config/parse-config';
export { Correlation, CORRELATION_HEADER, type CorrelationContext } from './context/correlation';
export { correlationMetadata } from './context/correlation-metadata';
export { CorrelationIdMiddleware } from './context/correlation-id.middleware';
export { ServiceConfigModule } from './config/service-config.module';
export { SERVICE_CONFIG } from './config/service-config.token';
export { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
export { DatabaseUnavailable, isDatabaseUnavailable } from './database/database-unavailable';
export { sqlStateOf } from './database/driver-error';
export { HealthModule, type HealthModuleOptions } from './health/health.module';
export { KafkaReadinessIndicator } from './health/kafka-readiness.indicator';
export type { ReadinessIndicator } from './health/readiness-indicator';
export { type EnsureTopicsOptions, ensureTopics, type TopicSpec } from './kafka/ensure-topics';
export { createKafka } from './kafka/kafka-client';
export { ServiceLogger } from './logging/service-logger';
export { counter, gauge, histogram, metricsRegistry } from './metrics/metrics';
export { MetricsModule } from './metrics/metrics.module';
export { type BackoffPolicy, backoffDelayMs } from './timing/backoff';
export { type PollOptions, pollUntil } from './timing/poll-until';
export { withinTimeout } from './timing/within-timeout';
export { DomainErrorFilter } from './http/domain-error.filter';
export { GrpcCallInterceptor } from './grpc/grpc-call.interceptor';
export { GrpcExceptionFilter, MAX_STATUS_DETAILS } from './grpc/grpc-exception.filter';
export { connectGrpcServer, DrainingGrpcServer, type ProtoSource } from './grpc/grpc-server';
export { grpcServerCredentials } from './grpc/grpc-tls';
export { DatabaseUnavailableFilter } from './http/database-unavailable.filter';
export { ApiErrorResponses, ERROR_RESPONSES, type ErrorStatus } from './http/api-error-responses';
export { ERROR_BODY_COMPONENT, errorBodySchema } from './http/error-body';
export { documentedPaths, methodNotAllowed } from './http/method-not-allowed';
export { controllersDocument, openApiDocument, openApiSchemaOf, setupOpenApi } from './http/openapi';
export { linkedOperationIds, openApiContractProblems } from './http/openapi-contract';
export { StrictValidationPipe } from './http/strict-validation.pipe';
export { activeTraceIds, contextFromHeaders, currentTraceparent, flushTracing } from './tracing/trace-context';
export { ftgoTracer } from './tracing/tracer';
