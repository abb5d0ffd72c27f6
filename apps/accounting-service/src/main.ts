import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadAccountingConfig } from './config/accounting.config';
import { AccountingServiceModule } from './accounting-service.module';
import { configureAccountingApp } from './http/configure-accounting-app';

runService('accounting-service', () => {
  const config = loadAccountingConfig();
  return { module: AccountingServiceModule.forRoot(config), config, configure: configureAccountingApp };
});
