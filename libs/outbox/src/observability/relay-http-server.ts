import { createServer, type Server } from 'node:http';
import { metricsRegistry, withinTimeout } from '@ftgo/platform/standalone';
import type { OutboxRelay } from '../relay/outbox-relay';

/** A probe gets its answer in time even while the database hangs: "not ready" (503), not silence. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * The relay process's probes and metrics, on plain node:http (no framework for three routes):
 * GET /health/live, GET /health/ready (503 when the backlog is too old), GET /metrics.
 */
export function createRelayHttpServer(relay: OutboxRelay): Server {
  return createServer((request, response) => {
    const reply = (status: number, body: unknown, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const route = async () => {
      if (request.url === '/health/live') return reply(200, { status: 'ok', leader: relay.isLeader });
      if (request.url === '/health/ready') {
        const backlog = await withinTimeout(READINESS_TIMEOUT_MS, relay.isBacklogHealthy());
        return reply(backlog.healthy ? 200 : 503, { status: backlog.healthy ? 'ok' : 'error', leader: relay.isLeader, ...backlog });
      }
      if (request.url === '/metrics') {
        await relay.sampleMetrics();
        return reply(200, await metricsRegistry.metrics(), metricsRegistry.contentType);
      }
      reply(404, { error: 'not found' });
    };
    route().catch((error: unknown) => reply(503, { status: 'error', error: String(error) }));
  });
}
