import { timingSafeEqual } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { HttpServerConfig } from '../config/config-fragments';

/** Probes and scrapes stay open with a token set: the platform calls them, not API clients. */
const OPEN_PATHS = [/^\/health\//, /^\/metrics$/, /^\/docs(-json)?(\/|$)/];

function sameToken(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** `Authorization: Bearer <token>` on every request but OPEN_PATHS; 401 with a challenge otherwise. */
export function bearerTokenCheck(token: string) {
  const expected = Buffer.from(token);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS' || OPEN_PATHS.some((path) => path.test(request.path))) return next();
    const [scheme, given] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && given && sameToken(given, expected)) return next();
    response
      .status(401)
      .setHeader('WWW-Authenticate', 'Bearer')
      .json({ statusCode: 401, error: 'Unauthorized', message: 'a valid Authorization: Bearer token is required' });
  };
}

/**
 * What every API applies before its routes: helmet's headers (nosniff, a CSP, frame denial, no
 * X-Powered-By), CORS only for the origins configured, and the bearer-token check when a token is
 * configured. The OpenAPI page needs its own scripts and styles only, which the CSP allows.
 */
export function hardenHttp(app: INestApplication, config: Pick<HttpServerConfig, 'CORS_ORIGINS' | 'API_BEARER_TOKEN'>): void {
  app.use(helmet());
  if (config.CORS_ORIGINS.length) {
    app.enableCors({
      origin: config.CORS_ORIGINS.includes('*') ? '*' : config.CORS_ORIGINS,
      allowedHeaders: ['content-type', 'authorization', 'idempotency-key', 'x-correlation-id', 'traceparent'],
      exposedHeaders: ['location', 'retry-after', 'x-correlation-id', 'idempotent-replayed'],
    });
  }
  if (config.API_BEARER_TOKEN) app.use(bearerTokenCheck(config.API_BEARER_TOKEN));
}
