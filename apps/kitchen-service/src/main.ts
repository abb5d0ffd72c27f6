import '@ftgo/platform/tracing';
import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadKitchenConfig } from './config/kitchen.config';
import { configureGrpc } from './grpc/configure-grpc';
import { configureHttp } from './http/configure-http';
import { kitchenMigrations } from './persistence/migrations';
import { KitchenModule } from './kitchen.module';

runService('kitchen-service', () => {
  const config = loadKitchenConfig();
  return {
    module: KitchenModule.forRoot(config),
    config,
    migrations: kitchenMigrations,
    configure: (app) => {
      configureHttp(app);
      configureGrpc(app, config);
    },
  };
});
