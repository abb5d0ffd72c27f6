import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMATHESIS_VERSION, schemathesisCommand } from './schemathesis';

describe('schemathesisCommand', () => {
  const saved = { INFRA_DIR: process.env.INFRA_DIR, PIP_INDEX_URL: process.env.PIP_INDEX_URL, SCHEMATHESIS: process.env.SCHEMATHESIS };
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
    process.env.INFRA_DIR = dir;
    delete process.env.SCHEMATHESIS;
  });

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails in one line that names PyPI and the way out when the package index cannot be reached', async () => {
    // Nothing listens on port 9 of the loopback: pip's connection is refused at once.
    process.env.PIP_INDEX_URL = 'http://127.0.0.1:9/simple';
    const error = await schemathesisCommand().then(() => undefined, (failure: Error) => failure);
    expect(error?.message).toMatch(new RegExp(`schemathesis ${SCHEMATHESIS_VERSION} from PyPI .*set SCHEMATHESIS`));
    expect(error?.message.split('\n')).toHaveLength(1);
  }, 120_000);
});
