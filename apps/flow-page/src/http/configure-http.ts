import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppOptions } from '@ftgo/platform';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { FlowPageConfig } from '../config/flow-page.config';

/** Built by tools/build (Vite) next to the compiled server: dist/apps/flow-page/web. */
const WEB_ROOT = join(__dirname, '..', '..', 'web');

/**
 * How Nest creates the app: no body parsing, so that the pass-through hands the services the
 * browser's bodies untouched; and open connections cut on shutdown, or a browser's event stream
 * would hold the server open until the shutdown grace runs out.
 */
export const APP_OPTIONS: AppOptions = { bodyParser: false, forceCloseConnections: true };

/**
 * What main.ts applies to the app before it listens. The browser talks to one origin:
 * `/api/order/...`, `/api/kitchen/...` and `/api/accounting/...` are passed through to the
 * services' public REST APIs unchanged (the app parses no bodies), so the page needs no CORS from
 * them and uses exactly what any other client uses. Everything else outside `/api` and `/health`
 * is the built front end.
 */
export function configureHttp(app: INestApplication, config: FlowPageConfig): void {
  const services = {
    order: config.ORDER_SERVICE_URL,
    kitchen: config.KITCHEN_SERVICE_URL,
    accounting: config.ACCOUNTING_SERVICE_URL,
  };
  for (const [service, target] of Object.entries(services)) {
    app.use(`/api/${service}`, createProxyMiddleware({ target, changeOrigin: true, proxyTimeout: 10_000 }));
  }
  if (existsSync(WEB_ROOT)) (app as NestExpressApplication).useStaticAssets(WEB_ROOT);
  else new Logger('flow-page').warn(`no front end at ${WEB_ROOT}: build it with \`npx nx run flow-page:build\``);
}
