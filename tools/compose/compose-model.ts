import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { ProcessSpec } from '../dev/services';

/** The parts of a Compose service these checks read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; timeout?: string; retries?: number; start_period?: string };
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string } } };
  profiles?: string[];
  init?: boolean;
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  restart?: string;
  stop_grace_period?: string;
  volumes?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

export const repoRoot = resolve(__dirname, '..', '..');

/** docker-compose.yml as Docker Compose reads it: YAML merge keys (`<<: *app`) resolved. */
export function loadCompose(file = 'docker-compose.yml'): ComposeFile {
  return parse(readFileSync(resolve(repoRoot, file), 'utf8'), { merge: true });
}

/** The compose service that runs one native process: `order-service` (API) or `order-relay`. */
export function containerNameOf(spec: ProcessSpec): string {
  return spec.role === 'api' ? `${spec.service}-service` : `${spec.service}-relay`;
}

/** Environment values as strings, as a container sees them. */
export function envOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
}

/** Replaces `${NAME:-default}` by NAME's value in `env`, or by its default, as compose does. */
export function interpolate(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback);
}

/** Replaces `${NAME:-default}` by its default, as compose does when NAME is unset. */
export function withDefaults(value: string): string {
  return interpolate(value, {});
}

/** Compose sizes such as `160M` or `1G`, in bytes. */
export function bytesOf(size: string): number {
  const match = /^(\d+)([kmg])?b?$/i.exec(size);
  if (!match) throw new Error(`not a compose memory size: ${size}`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Number(match[1]) * unit;
}
