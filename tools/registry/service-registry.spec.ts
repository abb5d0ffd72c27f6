import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Topics } from '@ftgo/contracts';
import { NATIVE_PORTS, PROCESSES } from '../dev/services';
import { callersOf, SERVICE_REGISTRY, serviceEntry, SERVICES } from './service-registry';

const repoRoot = resolve(__dirname, '..', '..');
const appFile = (service: string, path: string) => resolve(repoRoot, 'apps', `${service}-service`, 'src', path);

describe('the service registry', () => {
  it('names each service once, by one lowercase word, in a slot of its own within the port plan', () => {
    for (const { name } of SERVICE_REGISTRY) expect(name).toMatch(/^[a-z][a-z0-9]*$/);
    expect(new Set(SERVICES).size).toBe(SERVICES.length);
    const slots = SERVICE_REGISTRY.map((entry) => entry.slot);
    expect(new Set(slots).size, 'one slot per service').toBe(slots.length);
    // 3000 + slot and 3010 + slot must not meet: at most nine services in this plan.
    for (const slot of slots) expect(slot >= 1 && slot <= 9, `slot ${slot}`).toBe(true);
  });

  it('lists exactly the services in apps/, each with the config file the anatomy names', () => {
    const apps = readdirSync(resolve(repoRoot, 'apps')).filter((dir) => dir.endsWith('-service')).map((dir) => dir.replace(/-service$/, ''));
    expect([...SERVICES].sort()).toEqual(apps.sort());
    for (const service of SERVICES) expect(existsSync(appFile(service, `config/${service}.config.ts`)), service).toBe(true);
  });

  it('marks as gRPC servers exactly the services with a grpc/configure-grpc.ts', () => {
    for (const { name, grpc } of SERVICE_REGISTRY) expect(existsSync(appFile(name, 'grpc/configure-grpc.ts')), name).toBe(grpc);
  });

  it('lets a service call only other registered services that serve gRPC', () => {
    for (const { name, calls } of SERVICE_REGISTRY) {
      for (const callee of calls as readonly string[]) {
        expect(callee, `${name} calls itself`).not.toBe(name);
        expect(SERVICES, `${name} calls ${callee}`).toContain(callee);
        expect(serviceEntry(callee as (typeof SERVICES)[number]).grpc, `${callee} serves gRPC`).toBe(true);
      }
    }
    expect(callersOf('kitchen')).toEqual(['order']);
    expect(callersOf('order')).toEqual([]);
  });
});

describe("the README's lists of services", () => {
  const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  const portOf = (service: string, role: 'api' | 'relay', variable: string) =>
    PROCESSES.find((spec) => spec.service === service && spec.role === role)?.env(NATIVE_PORTS)[variable];

  it('has a row per registered service with the ports the launcher gives it, its database and its topic', () => {
    const rows = readme.split('\n').filter((line) => /^\| [a-z0-9]+-service \|/.test(line));
    expect(rows.map((row) => row.split('|')[1].trim())).toEqual(SERVICES.map((service) => `${service}-service`));
    for (const [index, service] of SERVICES.entries()) {
      const cells = rows[index].split('|').map((cell) => cell.trim());
      expect(cells[2], service).toBe(`\`http://127.0.0.1:${portOf(service, 'api', 'HTTP_PORT')}\``);
      if (serviceEntry(service).grpc) expect(cells[3], service).toBe(`\`127.0.0.1:${portOf(service, 'api', 'GRPC_PORT')}\``);
      expect(cells[4], service).toBe(`\`http://127.0.0.1:${portOf(service, 'relay', 'OUTBOX_RELAY_HTTP_PORT')}\``);
      expect(cells[5], service).toBe(`\`${service}_db\`, \`${service}_user\``);
      expect(Object.values(Topics) as string[], service).toContain(cells[6].replace(/`/g, ''));
    }
  });

  it('loops over exactly the registered services in its shell commands', () => {
    const loops = [...readme.matchAll(/^for service in ([a-z0-9 ]+); do$/gm)].map((match) => match[1]);
    expect(loops.length).toBeGreaterThan(0);
    for (const loop of loops) expect(loop).toBe(SERVICES.join(' '));
  });
});
