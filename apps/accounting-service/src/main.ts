import 'reflect-metadata';
import { parseConfig, runService } from '@ftgo/platform';
import { accountingConfigSchema } from './config/accounting.config';
import { AccountingServiceModule } from './accounting-service.module';

runService('accounting-service', () => {
  const config = parseConfig('accounting-service', accountingConfigSchema);
  return { module: AccountingServiceModule.forRoot(config), config };
});
