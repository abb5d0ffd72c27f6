import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setupOpenApi } from '@ftgo/platform';

/** A ticket verb's body is a few dozen bytes: anything near this is a mistake or an attack (413). */
export const BODY_LIMIT = '10kb';

/** What main.ts and the tests both apply to the app before it listens: the body limit and /docs. */
export function configureHttp(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT });
  setupOpenApi(app, {
    title: 'kitchen-service',
    description:
      'Restaurants and their menus; tickets driven by sub-resource verbs (accept, preparing, ready-for-pickup, picked-up). ' +
      'The same use cases are served over gRPC (kitchen.v1.KitchenService).',
  });
}
