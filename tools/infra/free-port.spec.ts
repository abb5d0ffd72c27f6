import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './isolated';

describe('freePort', () => {
  it('gives a port below the ephemeral range that can be listened on at once', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(15_000);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

});
