import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadOrderConfig } from './config/order.config';
import { configureOrderApp } from './http/configure-order-app';
import { OrderServiceModule } from './order-service.module';

runService('order-service', () => {
  const config = loadOrderConfig();
  return { module: OrderServiceModule.forRoot(config), config, configure: configureOrderApp };
});
