import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

export interface SilentBroker {
  address: string;
  /** Resolves at the first connection: the process under test is waiting for its broker now. */
  connected: Promise<void>;
  close(): Promise<void>;
}

/**
 * A broker address that accepts connections and never answers: an API started against it stays
 * in its start-up check until that check's time limit, where an unreachable one fails at once.
 */
export async function startSilentBroker(port: number): Promise<SilentBroker> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  const connected = once(server, 'connection').then(() => undefined);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    address: `127.0.0.1:${port}`,
    connected,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
