import '@ftgo/platform/tracing';
import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadOrderConfig } from './config/order.config';
import { configureHttp } from './http/configure-http';
import { OrderModule } from './order.module';

runService('order-service', () => {
  const config = loadOrderConfig();
  return {
    module: OrderModule.forRoot(config),
    config,
    configure: (app) => {
      configureHttp(app);
    },
  };
});
