import { Topics } from '@ftgo/contracts';
import { relayConfigSchema } from '@ftgo/outbox';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICES } from '../dev/services';
import { infraSettings } from '../infra/settings';
import { findObject, type K8sObject, mainContainerOf, ofKind, podSpecOf, renderOverlay } from './manifests';

const BUILD_TIMEOUT_MS = 5 * 60_000;
const repoFile = (path: string) => readFileSync(resolve(infraSettings().repoRoot, path), 'utf8');
const compose = parse(repoFile('docker-compose.yml'), { merge: true }) as { services: Record<string, { image: string }> };
const decoded = (secret: K8sObject, key: string) => Buffer.from(String((secret.data as Record<string, string>)[key]), 'base64').toString();

// Operator resources have no offline schema (ADR 0005): these read the fields each one needs.
interface CustomResource extends K8sObject {
  spec: Record<string, unknown>;
}
interface CloudNativePgCluster {
  instances: number;
  postgresql: { parameters: Record<string, string> };
  managed: { roles: { name: string; replication: boolean; login: boolean }[] };
}
interface CloudNativePgDatabase {
  name: string;
  owner: string;
  cluster: { name: string };
}
const customResources = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind) as CustomResource[];

describe('overlay local: PostgreSQL and Kafka as in docker-compose.yml', () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay('local');
  }, BUILD_TIMEOUT_MS);

  it('runs PostgreSQL from the compose image with logical decoding on', () => {
    const postgres = mainContainerOf(findObject(objects, 'StatefulSet', 'postgres'));
    expect(postgres.image).toBe(compose.services.postgres.image);
    expect(postgres.args?.join(' ')).toContain('wal_level=logical');
  });

  // During first initialisation the image runs a temporary server on the unix socket only: it keeps
  // the pod alive, but only the final server, on TCP, makes it ready.
  it('calls PostgreSQL ready only when it answers over TCP, not the init-time server on the socket', () => {
    const postgres = mainContainerOf(findObject(objects, 'StatefulSet', 'postgres'));
    const readiness = postgres.readinessProbe?.exec?.command ?? [];
    expect(readiness[0]).toBe('pg_isready');
    expect(readiness.join(' ')).toMatch(/(^|\s)-h 127\.0\.0\.1(\s|$)/);
  });

  it('creates the databases and users with the same script as compose, on first start', () => {
    const postgres = findObject(objects, 'StatefulSet', 'postgres');
    const initVolume = podSpecOf(postgres).volumes?.find((volume) => volume.configMap)?.configMap?.name ?? '';
    const script = findObject(objects, 'ConfigMap', initVolume).data?.['init-databases.sh'];
    expect(script).toBe(repoFile('deploy/postgres/init-databases.sh'));
    expect(mainContainerOf(postgres).volumeMounts?.map((mount) => mount.mountPath)).toContain('/docker-entrypoint-initdb.d');
  });

  it.each(SERVICES)("gives the %s service a URL to its own database, as its own user with the password the init script set", (service) => {
    const secret = objects.find((object) => object.kind === 'Secret' && object.metadata.name.startsWith(`${service}-database-`));
    const url = new URL(decoded(secret as K8sObject, 'DATABASE_URL'));
    expect([url.hostname, url.port, url.pathname, url.username]).toEqual(['postgres', '5432', `/${service}_db`, `${service}_user`]);
    // The init script sets the user's password from <SERVICE>_DB_PASSWORD: the two must agree.
    const passwords = objects.find((object) => object.kind === 'Secret' && object.metadata.name.startsWith('postgres-passwords-'));
    expect(decoded(passwords as K8sObject, `${service.toUpperCase()}_DB_PASSWORD`)).toBe(url.password);
    expect(findObject(objects, 'Service', 'postgres').spec?.ports?.[0].port).toBe(5432);
  });

  it('runs a single KRaft Kafka from the compose image, reachable at the KAFKA_BROKERS address', () => {
    const kafka = mainContainerOf(findObject(objects, 'StatefulSet', 'kafka'));
    expect(kafka.image).toBe(compose.services.kafka.image);
    expect(kafka.env?.find((variable) => variable.name === 'KAFKA_PROCESS_ROLES')?.value).toBe('broker,controller');
    const brokers = ofKind(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('ftgo-platform-'))?.data?.KAFKA_BROKERS;
    const service = findObject(objects, 'Service', String(brokers).split(':')[0]);
    expect(service.spec?.ports?.[0].port).toBe(Number(String(brokers).split(':')[1]));
  });
});

describe('overlay production: the operators’ resources', () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay('production');
  }, BUILD_TIMEOUT_MS);

  it('declares exactly the topics of libs/contracts, with the partitions the relays would create', () => {
    const topics = customResources(objects, 'KafkaTopic');
    expect(topics.map((topic) => topic.metadata.name).sort()).toEqual(Object.values(Topics).sort());
    const partitions = relayConfigSchema.shape.OUTBOX_TOPIC_PARTITIONS.parse(undefined);
    for (const topic of topics) {
      expect(topic.spec).toMatchObject({ partitions, replicas: 3 });
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(customResources(objects, 'Kafka')[0].metadata.name);
    }
  });

  it('runs Kafka in KRaft mode through a node pool, at the Kafka version of the local image, on the KAFKA_BROKERS listener', () => {
    const [kafka] = customResources(objects, 'Kafka');
    const [pool] = customResources(objects, 'KafkaNodePool');
    const spec = kafka.spec.kafka as { version: string; listeners: { name: string; port: number; tls: boolean }[] };
    expect(compose.services.kafka.image).toBe(`apache/kafka:${spec.version}`);
    expect(kafka.metadata.annotations).toMatchObject({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' });
    expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
    expect(pool.spec.roles).toEqual(['controller', 'broker']);
    const brokers = ofKind(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('ftgo-platform-'))?.data?.KAFKA_BROKERS;
    const plain = spec.listeners.find((listener) => !listener.tls);
    expect(brokers).toBe(`${kafka.metadata.name}-kafka-bootstrap:${plain?.port}`);
  });

  it('runs a CloudNativePG cluster with logical decoding, and a database and REPLICATION user per service', () => {
    const [cluster] = customResources(objects, 'Cluster');
    const spec = cluster.spec as unknown as CloudNativePgCluster;
    expect(spec.instances).toBeGreaterThanOrEqual(3);
    expect(spec.postgresql.parameters.wal_level).toBe('logical');
    const databases = customResources(objects, 'Database').map((database) => database.spec as unknown as CloudNativePgDatabase);
    for (const service of SERVICES) {
      expect(spec.managed.roles).toContainEqual(expect.objectContaining({ name: `${service}_user`, login: true, replication: true }));
      expect(databases).toContainEqual({ name: `${service}_db`, owner: `${service}_user`, cluster: { name: cluster.metadata.name } });
    }
  });
});
