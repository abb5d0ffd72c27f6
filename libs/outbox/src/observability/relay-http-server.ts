import { createServer, type Server } from 'node:http';
import { metricsRegistry } from '@ftgo/platform/standalone';
import type { OutboxRelay } from '../relay/outbox-relay';

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
        const backlog = await relay.isBacklogHealthy();
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
