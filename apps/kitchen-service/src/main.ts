import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadKitchenConfig } from './config/kitchen.config';
import { configureKitchenApp } from './http/configure-kitchen-app';
import { KitchenServiceModule } from './kitchen-service.module';

runService('kitchen-service', () => {
  const config = loadKitchenConfig();
  return { module: KitchenServiceModule.forRoot(config), config, configure: configureKitchenApp };
});
