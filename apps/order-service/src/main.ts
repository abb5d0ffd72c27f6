import 'reflect-metadata';
import { parseConfig, runService } from '@ftgo/platform';
import { orderConfigSchema } from './config/order.config';
import { OrderServiceModule } from './order-service.module';

runService('order-service', () => {
  const config = parseConfig('order-service', orderConfigSchema);
  return { module: OrderServiceModule.forRoot(config), config };
});
