import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@ftgo/tools';

/** A TCP server that accepts connections and never answers: a firewall black hole, a wedged server. */
export interface BlackHole {
  port: number;
  /** How many connections it has accepted so far: a process is waiting on it once this grows. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function blackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    get accepted() {
      return accepted;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

