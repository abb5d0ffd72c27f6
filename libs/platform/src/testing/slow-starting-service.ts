// A service whose start-up waits a minute for a dependency (as one does for an unreachable
// database or broker), run as a child process by run-service.spec.ts.
import 'reflect-metadata';
import type { ServiceConfig } from '../config/config-fragments';
import { runService } from '../bootstrap/run-service';

class SlowStartingModule {}

const config: ServiceConfig = {
  HTTP_PORT: 1,
  HTTP_HOST: '127.0.0.1',
  CORS_ORIGINS: [],
  LOG_LEVEL: 'log',
  LOG_FORMAT: 'json',
  SHUTDOWN_GRACE_MS: 10_000,
};

runService('slow-starting', () => ({
  module: {
    module: SlowStartingModule,
    providers: [{ provide: 'DEPENDENCY', useFactory: () => new Promise((resolve) => setTimeout(resolve, 60_000)) }],
  },
  // No migrations named: no dependency check before start-up, whose wait is the point here.
  config,
}));
