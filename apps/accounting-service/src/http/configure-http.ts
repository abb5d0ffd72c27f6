import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setupOpenApi } from '@ftgo/platform';

/** Accounting's HTTP API only reads: any request body is a mistake, so keep the limit small (413). */
export const BODY_LIMIT = '100kb';

/** What main.ts and the tests both apply to the app: the body limit and the OpenAPI page at /docs. */
export function configureHttp(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT });
  setupOpenApi(app, {
    title: 'accounting-service',
    description:
      'Accounts and payments. Payments change only through order events (authorize, void, reverse, re-authorize); ' +
      'this API and gRPC accounting.v1 read them.',
  });
}
