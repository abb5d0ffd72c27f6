import type { NextFunction, Request, Response } from 'express';
import { histogram } from './metrics';

const requestSeconds = histogram({
  name: 'http_server_request_duration_seconds',
  help: 'HTTP requests served, by method, route template and status code: rate, errors and latency of the API',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/**
 * Times every request and labels it with its route template (`/orders/:id`, never the id itself:
 * one series per route, not per order). A request no route matched counts as `unmatched`.
 */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const stop = requestSeconds.startTimer({ method: request.method });
  response.once('finish', () => {
    const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
    stop({ route, status_code: String(response.statusCode) });
  });
  next();
}
