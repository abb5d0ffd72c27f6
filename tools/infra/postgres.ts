import { existsSync, readFileSync } from 'node:fs';
import { provision, redact, serviceUrls, waitForServer, withClient } from './postgres-provision';
import { launch, type Paths, paths, postmasterPort, serverPid, stopServer } from './postgres-server';
import type { InfraSettings, ServiceName } from './settings';

/** A native PostgreSQL for development and tests (see postgres-server.ts), or the one DATABASE_URL names. */
export interface PostgresEndpoint {
  /** Superuser (or DATABASE_URL) connection, for provisioning and tooling. */
  adminUrl: string;
  /** One URL per service: its own user and database. */
  databases: Record<ServiceName, string>;
  /** True when this call launched the server, so whoever called it may also stop it. */
  startedHere: boolean;
}

async function useExternal(url: string, log: (line: string) => void): Promise<PostgresEndpoint> {
  try {
    await withClient(url, (c) => c.query('SELECT 1'));
  } catch (error) {
    throw new Error(`Cannot connect to DATABASE_URL ${redact(url)}: ${(error as Error).message}`);
  }
  log(`using external PostgreSQL ${redact(url)}`);
  await provision(url, log);
  return { adminUrl: url, databases: serviceUrls(url), startedHere: false };
}

function localAdminUrl(p: Paths, port: number): string {
  if (!existsSync(p.password)) {
    throw new Error(`${p.password} is missing: stop the server and delete ${p.root} to start afresh`);
  }
  const password = encodeURIComponent(readFileSync(p.password, 'utf8').trim());
  return `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}

export async function startPostgres(
  s: InfraSettings,
  log: (line: string) => void = () => {},
): Promise<PostgresEndpoint> {
  if (s.externalDatabaseUrl) return useExternal(s.externalDatabaseUrl, log);
  const p = paths(s);
  const runningPid = serverPid(p);
  if (runningPid === undefined) {
    await launch(s, p, log);
  } else {
    const port = postmasterPort(p);
    if (port !== undefined && port !== s.postgresPort) {
      throw new Error(`PostgreSQL of ${p.data} runs on port ${port}, not ${s.postgresPort}: stop it first`);
    }
    log(`PostgreSQL already running (pid ${runningPid})`);
  }
  const adminUrl = localAdminUrl(p, s.postgresPort);
  await waitForServer(adminUrl, p.log);
  await provision(adminUrl, log);
  return { adminUrl, databases: serviceUrls(adminUrl), startedHere: runningPid === undefined };
}

/** Stops only the server of our own data dir; an external database is never touched. */
export async function stopPostgres(s: InfraSettings): Promise<boolean> {
  if (s.externalDatabaseUrl) return false;
  return stopServer(paths(s));
}

export interface PostgresStatus {
  running: boolean;
  pid?: number;
  port: number;
  external: boolean;
}

export async function postgresStatus(s: InfraSettings): Promise<PostgresStatus> {
  if (s.externalDatabaseUrl) {
    const url = s.externalDatabaseUrl;
    const running = await withClient(url, (c) => c.query('SELECT 1')).then(() => true, () => false);
    return { running, port: Number(new URL(url).port || 5432), external: true };
  }
  const p = paths(s);
  const pid = serverPid(p);
  return { running: pid !== undefined, pid, port: postmasterPort(p) ?? s.postgresPort, external: false };
}
