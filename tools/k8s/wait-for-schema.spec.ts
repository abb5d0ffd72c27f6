import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { findObject, type K8sObject, renderOverlay } from './manifests';

const BUILD_TIMEOUT_MS = 5 * 60_000;

describe("the relays' wait-for-schema init container", () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay('local');
  }, BUILD_TIMEOUT_MS);

  it('keeps asking until the API answers /health/live, then exits 0 so that the relay starts', async () => {
    const [wait] = findObject(objects, 'Deployment', 'order-relay').spec?.template.spec?.initContainers ?? [];
    const [node, flag, script] = wait.command ?? [];
    expect([node, flag]).toEqual(['node', '-e']);
    // The first answer is "not yet" (an API still migrating is not listening; a 503 stands in).
    const asked: string[] = [];
    const api = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.statusCode = asked.length === 1 ? 503 : 200;
      response.end();
    }).listen(0, '127.0.0.1');
    await once(api, 'listening');
    try {
      const local = script.replace('order-service:3001', `127.0.0.1:${(api.address() as AddressInfo).port}`);
      const child = spawn(process.execPath, ['-e', local], { stdio: 'inherit' });
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(asked).toEqual(['/health/live', '/health/live']);
    } finally {
      api.close();
    }
  }, 20_000);
});
