import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from './process';

/**
 * Machine-wide, so that test processes of every checkout see each other's ports. A port free
 * right now is not enough: a broker stopped for an outage test leaves its port free until it
 * restarts, and another test file picking "a free port" meanwhile would take it.
 */
const RESERVATIONS = join(tmpdir(), 'ftgo-port-reservations');
let madeDirectory = false;

/**
 * Reserves `port` for this process until it exits; false when a live process holds it. The
 * reservation is a file created exclusively, holding the owner's pid: a dead owner's is reclaimed.
 */
export function reservePort(port: number, owner = process.pid): boolean {
  if (!madeDirectory) {
    mkdirSync(RESERVATIONS, { recursive: true });
    madeDirectory = true;
  }
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(owner));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      // An empty file is a reservation being written right now: treat it as held.
      if (!holder || isAlive(holder)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}
