import type { Server, ServerResponse } from 'node:http';

/**
 * The drain of an HTTP server under keep-alive load: it stops accepting connections, closes the
 * idle keep-alive ones at once, lets every request in flight finish with its real answer and then
 * closes its connection (`Connection: close`, so the client opens its next one elsewhere), and
 * resolves once the last connection has ended. Call before anything the handlers need is closed.
 */
export function httpDrainOf(server: Server): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_request, response: ServerResponse) => {
    // Sent on a kept-alive connection just before the drain began: served, then the connection closes.
    if (draining) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      // A response whose headers went out before the drain leaves its connection idle, not closed.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    draining = true;
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    return new Promise<void>((resolve) => {
      // The callback runs once every connection has ended (with an error if the server was not listening).
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  };
}
