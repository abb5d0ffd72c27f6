import 'reflect-metadata';
import { parseConfig, runService } from '@ftgo/platform';
import { accountingConfigSchema } from './config/accounting.config';
import { AccountingServiceModule } from './accounting-service.module';
import { configureAccountingApp } from './http/configure-accounting-app';

runService('accounting-service', () => {
  const config = parseConfig('accounting-service', accountingConfigSchema);
  return { module: AccountingServiceModule.forRoot(config), config, configure: configureAccountingApp };
});
