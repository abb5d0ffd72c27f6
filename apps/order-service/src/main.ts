import '@ftgo/platform/tracing';
import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadOrderConfig } from './config/order.config';
import { configureHttp } from './http/configure-http';
import { orderMigrations } from './persistence/migrations';
import { OrderModule } from './order.module';

runService('order-service', () => {
  const config = loadOrderConfig();
  return {
    module: OrderModule.forRoot(config),
    config,
    migrations: orderMigrations,
    configure: (app) => {
      configureHttp(app);
    },
  };
});
