import 'reflect-metadata';
import { parseConfig, runService } from '@ftgo/platform';
import { kitchenConfigSchema } from './config/kitchen.config';
import { configureKitchenApp } from './http/configure-kitchen-app';
import { KitchenServiceModule } from './kitchen-service.module';

runService('kitchen-service', () => {
  const config = parseConfig('kitchen-service', kitchenConfigSchema);
  return { module: KitchenServiceModule.forRoot(config), config, configure: configureKitchenApp };
});
