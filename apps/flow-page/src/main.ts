import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseConfig, ServiceLogger } from '@ftgo/platform';
import { type FlowPageConfig, flowPageConfigSchema } from './config/flow-page.config';
import { FlowPageModule } from './flow-page.module';
import { configureFlowPageApp } from './http/configure-flow-page-app';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

async function start(config: FlowPageConfig): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(FlowPageModule.forRoot(config), {
    // The proxied requests' bodies must reach the services untouched.
    bodyParser: false,
    logger: new ServiceLogger('flow-page', {
      json: config.LOG_FORMAT === 'json',
      logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
    }),
  });
  configureFlowPageApp(app, config);
  // SIGTERM/SIGINT close the app: the page's consumer leaves and its group is deleted.
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  new Logger('flow-page').log(`flow page on http://${config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST}:${config.HTTP_PORT}`);
}

try {
  const config = parseConfig('flow-page', flowPageConfigSchema);
  start(config).catch((error: unknown) => {
    new Logger('flow-page').fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
} catch (error) {
  new Logger('flow-page').fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
