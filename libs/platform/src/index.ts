export { runService, startService, type RunningService } from './bootstrap/run-service';
export { baseConfigSchema, portSchema, type BaseConfig } from './config/base-config.schema';
export { ConfigError, parseConfig } from './config/parse-config';
export { SERVICE_CONFIG } from './config/service-config.token';
export { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
export { HealthModule, type HealthModuleOptions } from './health/health.module';
export type { ReadinessIndicator } from './health/readiness-indicator';
