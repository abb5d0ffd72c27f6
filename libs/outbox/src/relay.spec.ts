import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FRAMEWORKS = /node_modules[\\/](@nestjs|typeorm|@nestjs[\\/]swagger|reflect-metadata)[\\/]/;

describe('the relay entry point @ftgo/outbox/relay', () => {
  it('loads no framework: a relay process holds neither Nest nor TypeORM', async () => {
    // A fresh process, as a relay starts: the test runner itself has Nest loaded already.
    const script = `require(${JSON.stringify(resolve(__dirname, 'relay.ts'))});` + `console.log(JSON.stringify(Object.keys(require.cache)))`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: resolve(__dirname, '../../..') });
    const loaded: string[] = JSON.parse(stdout);
    expect(loaded.some((path) => path.includes('kafkajs'))).toBe(true);
    expect(loaded.filter((path) => FRAMEWORKS.test(path))).toEqual([]);
  }, 60_000);
});
