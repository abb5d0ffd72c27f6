import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setupOpenApi } from '@ftgo/platform';

/** An order is a few hundred bytes: a bigger body is a mistake or an attack (413). */
export const BODY_LIMIT = '100kb';

/** What main.ts and the tests both apply to the app: the body limit and the OpenAPI page at /docs. */
export function configureHttp(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT });
  setupOpenApi(app, {
    title: 'order-service',
    description: 'Orders: create (validated by the kitchen), read with API composition, cancel and revise (202, asynchronous outcome).',
  });
}
