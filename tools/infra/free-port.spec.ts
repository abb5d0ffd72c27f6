import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './isolated';
import { reservePort } from './port-reservation';

describe('freePort', () => {
  it('gives a port below the ephemeral range that can be listened on at once', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(15_000);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('never gives a port twice while its owner lives, even when nothing listens on it', async () => {
    const first = await freePort(() => 0.5);
    const second = await freePort(() => 0.5);
    expect(second).not.toBe(first);
    expect(reservePort(first)).toBe(false);
  });

  it('reclaims the reservation of a process that has exited, as after a SIGKILLed test process', () => {
    const exited = spawnSync('true').pid!;
    // Outside freePort's range, so no other test process reserves it meanwhile.
    const port = 9_000 + Math.floor(Math.random() * 1_000);
    expect(reservePort(port, exited)).toBe(true);
    expect(reservePort(port)).toBe(true);
    expect(reservePort(port, exited)).toBe(false);
  });
});
