import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './support/browser';

/**
 * The browser tests drive Debian's `chromium` package. Installed here when it is missing and we
 * may (root, as in CI); otherwise the run stops with what to do.
 */
export default function setup() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (sudo apt-get install -y chromium) to run the browser tests`);
  }
  console.log(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium package`);
  // Two test runs on one machine can both find it missing: the second waits for the first's
  // install under one lock and then finds the browser there; apt waits for other users of dpkg.
  const install = `test -x ${CHROMIUM} || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium; }`;
  execFileSync('flock', [join(tmpdir(), 'ftgo-chromium-install.lock'), 'sh', '-c', install], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}
