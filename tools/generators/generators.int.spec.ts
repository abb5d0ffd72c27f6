import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { createKafka } from '@ftgo/platform';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infraSettings } from '../infra/settings';
import { SERVICES } from '../registry/service-registry';
import { PROJECT_NAME } from './rename/generator';

/*
 * The generators as a team uses them: in a copy of the repository, `npx nx g @ftgo/tools:rename`
 * to the team's name, then `npx nx g @<team>/tools:service`, then lint, the type check, the new
 * service's own unit and integration tests (against this run's PostgreSQL and Kafka) and the
 * static deployment checks, all of which must pass untouched.
 */

const repoRoot = resolve(__dirname, '..', '..');
// Not copied: installed, built, or state of this checkout. node_modules is linked instead.
const NOT_COPIED = new Set(['node_modules', 'dist', '.infra', '.nx', '.git', 'tmp', 'coverage', 'generated']);
const team = 'acme';
const name = ['delivery', 'courier', 'dispatch'].find((candidate) => !(SERVICES as readonly string[]).includes(candidate))!;
const MINUTES = 60_000;

let copy: string;
const report = { created: [] as string[], updated: [] as string[] };

interface Run {
  code: number | null;
  output: string;
}

/**
 * Runs a command in the copy; the environment of this test worker, without vitest's own markers.
 * Past `budgetMs` its whole process group is stopped, so that a slow step fails with its output
 * rather than with a bare test timeout.
 */
function run(command: string, args: string[], { env = {}, budgetMs = 10 * MINUTES }: { env?: Record<string, string>; budgetMs?: number } = {}): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_ENV$)/.test(key)));
  const child = spawn(command, args, {
    cwd: copy,
    env: { ...inherited, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const overdue = setTimeout(() => {
    output += `\n(stopped after ${budgetMs / MINUTES} min)`;
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }, budgetMs);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(overdue);
      resolvePromise({ code, output });
    });
  });
}

const succeeded = (result: Run, what: string) => expect(result.code, `${what} failed:\n${result.output.slice(-6000)}`).toBe(0);

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: process.env.ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The new service's databases (its own and the tests' scratch ones) and its user, on this run's PostgreSQL. */
const leftDatabases = () =>
  asAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = $1`,
      [`${name}_user`],
    );
    return rows.map((row) => row.datname);
  });

async function dropDatabases(): Promise<void> {
  for (const database of await leftDatabases()) await asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  await asAdmin((admin) => admin.query(`DROP ROLE IF EXISTS "${name}_user"`));
}

async function leftTopics(): Promise<string[]> {
  const admin = createKafka(`generator-test-${process.pid}`, (process.env.KAFKA_BROKERS ?? '').split(',')).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.includes(name));
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'ftgo-generated-'));
  cpSync(repoRoot, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) || relative(repoRoot, source) === '' });
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  succeeded(await run('npx', ['nx', 'g', `@${PROJECT_NAME}/tools:rename`, team], { budgetMs: 2.5 * MINUTES }), 'nx g rename');
  const generated = await run('npx', ['nx', 'g', `@${team}/tools:service`, name], { budgetMs: 2.5 * MINUTES });
  succeeded(generated, 'nx g service');
  const changes = (kind: string) => [...generated.output.matchAll(new RegExp(`^${kind} (\\S+)`, 'gm'))].map((match) => match[1]);
  report.created = changes('CREATE');
  report.updated = changes('UPDATE');
  console.log(`nx g @${team}/tools:service ${name}: ${report.created.length} files written, ${report.updated.length} edited`);
}, 6 * MINUTES);

afterAll(async () => {
  if (copy) rmSync(copy, { recursive: true, force: true });
  await dropDatabases();
});

describe(`nx g @${team}/tools:service ${name}, in a copy of the repository renamed to ${team}`, () => {
  it('writes the service, its contracts and its manifests, and edits the registry and the deployment files', () => {
    expect(report.created).toEqual(expect.arrayContaining([`apps/${name}-service/src/main.ts`, `libs/contracts/proto/${name}/v1/${name}.proto`, `k8s/base/${name}-service/api-deployment.yaml`]));
    expect(report.updated).toEqual(expect.arrayContaining(['tools/registry/service-registry.ts', 'docker-compose.yml', 'Dockerfile', 'libs/contracts/src/messaging/topics.ts']));
    // Under the team's name, as everything else in the renamed copy.
    expect(readFileSync(join(copy, `apps/${name}-service/src/main.ts`), 'utf-8')).toContain(`from '@${team}/platform'`);
    expect(readFileSync(join(copy, 'tsconfig.base.json'), 'utf-8')).not.toMatch(new RegExp(`\\b${PROJECT_NAME}\\b`));
  });

  // The two run side by side: one is CPU-bound, the other mostly waits for PostgreSQL and Kafka.
  it.concurrent('leaves a repository that lints and type-checks', async () => {
    succeeded(await run('npx', ['nx', 'run', 'contracts:generate'], { budgetMs: 3 * MINUTES }), 'contracts:generate');
    const [lint, types] = await Promise.all([
      run('npx', ['eslint', '--max-warnings', '0', `apps/${name}-service`, 'libs/contracts', 'tools'], { budgetMs: 7 * MINUTES }),
      // Each project against its own tsconfig, as `npm run typecheck` does (the flow page's browser code has the DOM's types).
      run('npx', ['nx', 'run-many', '-t', 'typecheck', '--skip-nx-cache'], { budgetMs: 7 * MINUTES }),
    ]);
    succeeded(lint, 'eslint');
    succeeded(types, 'tsc');
  }, 11 * MINUTES);

  it.concurrent("passes the new service's unit and integration tests and the static deployment checks", async () => {
    const tests = await run(
      'npx',
      ['vitest', 'run', '--project', 'unit', '--project', 'int', `apps/${name}-service`, 'tools/compose', 'tools/k8s', 'tools/registry'],
      // This run's PostgreSQL and Kafka, as external servers: the copy starts none of its own.
      { env: { DATABASE_URL: process.env.ADMIN_DATABASE_URL ?? '', KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '', INFRA_DIR: infraSettings().dir } },
    );
    succeeded(tests, 'vitest');
    expect(tests.output).toMatch(new RegExp(`apps/${name}-service/src/${name}-service\\.int\\.spec\\.ts`));
    expect(tests.output).toMatch(/tests: \d+ passed, 0 failed/);
  }, 11 * MINUTES);

  it('leaves nothing behind: no database or user of the new service, no topic of it on this run’s Kafka', async () => {
    await dropDatabases();
    expect(await leftDatabases()).toEqual([]);
    expect(await leftTopics()).toEqual([]);
  });
});
