import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadFlowPageConfig } from './config/flow-page.config';
import { FlowPageModule } from './flow-page.module';
import { APP_OPTIONS, configureHttp } from './http/configure-http';

runService('flow-page', () => {
  const config = loadFlowPageConfig();
  return {
    module: FlowPageModule.forRoot(config),
    config,
    configure: (app) => configureHttp(app, config),
    options: APP_OPTIONS,
  };
});
