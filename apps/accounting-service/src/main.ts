import '@ftgo/platform/tracing';
import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { AccountingModule } from './accounting.module';
import { loadAccountingConfig } from './config/accounting.config';
import { configureGrpc } from './grpc/configure-grpc';
import { configureHttp } from './http/configure-http';
import { accountingMigrations } from './persistence/migrations';

runService('accounting-service', () => {
  const config = loadAccountingConfig();
  return {
    module: AccountingModule.forRoot(config),
    config,
    migrations: accountingMigrations,
    configure: (app) => {
      configureHttp(app);
      configureGrpc(app, config);
    },
  };
});
