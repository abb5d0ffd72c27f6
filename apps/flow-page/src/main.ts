import 'reflect-metadata';
import { runService } from '@ftgo/platform';
import { loadFlowPageConfig } from './config/flow-page.config';
import { FlowPageModule } from './flow-page.module';
import { configureHttp } from './http/configure-http';

runService('flow-page', () => {
  const config = loadFlowPageConfig();
  return {
    module: FlowPageModule.forRoot(config),
    config,
    configure: (app) => configureHttp(app, config),
    // The pass-through hands the services the browser's bodies untouched; on shutdown, the
    // browsers' event streams are cut instead of holding the server open.
    options: { bodyParser: false, forceCloseConnections: true },
  };
});
