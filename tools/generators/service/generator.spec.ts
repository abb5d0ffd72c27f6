import { resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { describe, expect, it } from 'vitest';
import { httpPort, NATIVE_PORTS, PROCESSES } from '../../dev/services';
import { SERVICE_REGISTRY } from '../../registry/service-registry';
import { filesOf, FLOW_BOUND_FILES, frameworkImportsOf, linesOf, MODEL_SERVICES, type ServiceNames, WIRING_FILES } from './anatomy';
import { serviceGenerator } from './generator';
import { InvalidNameError } from './names';
import { identityOf, planService } from './service-plan';

const repoRoot = resolve(__dirname, '..', '..', '..');
// Changes stay in memory: nothing is written to the repository.
const freshTree = (): Tree => new FsTree(repoRoot, false);

async function generate(options: { name: string; aggregate?: string }) {
  const tree = freshTree();
  await serviceGenerator(tree, options);
  const changes = tree.listChanges();
  return {
    tree,
    created: changes.filter((change) => change.type === 'CREATE').map((change) => change.path).sort(),
    updated: changes.filter((change) => change.type === 'UPDATE').map((change) => change.path).sort(),
  };
}

describe('nx g @ftgo/tools:service', () => {
  it('writes the service, its contracts and its Kubernetes base, and edits only the files that list every service', async () => {
    const { created, updated } = await generate({ name: 'delivery' });
    expect(created.filter((path) => path.startsWith('apps/delivery-service/'))).toHaveLength(31);
    expect(created.filter((path) => !path.startsWith('apps/'))).toEqual([
      'k8s/base/delivery-service/api-autoscaling.yaml',
      'k8s/base/delivery-service/api-deployment.yaml',
      'k8s/base/delivery-service/api-service.yaml',
      'k8s/base/delivery-service/kustomization.yaml',
      'k8s/base/delivery-service/network-policy.yaml',
      'k8s/base/delivery-service/relay-deployment.yaml',
      'libs/contracts/proto/delivery/v1/delivery.proto',
      'libs/contracts/src/events/delivery-events.ts',
      'libs/contracts/src/grpc/delivery-types.ts',
    ]);
    expect(updated).toEqual([
      '.env.example',
      'Dockerfile',
      'README.md',
      'deploy/cdc/register-connectors.sh',
      'deploy/postgres/init-databases.sh',
      'docker-compose.yml',
      'k8s/base/kustomization.yaml',
      'k8s/overlays/local/kustomization.yaml',
      'k8s/overlays/local/postgres/init-databases.sh',
      'k8s/overlays/production/kafka-topics.yaml',
      'k8s/overlays/production/kustomization.yaml',
      'k8s/overlays/production/postgres-cluster.yaml',
      'libs/contracts/src/events/event-catalog.ts',
      'libs/contracts/src/grpc/proto-packages.ts',
      'libs/contracts/src/index.ts',
      'libs/contracts/src/messaging/topics.ts',
      'tools/registry/service-registry.ts',
    ]);
  });

  it('gives the service the next slot of the port plan, the one the launcher derives its ports from', () => {
    const plan = planService(freshTree(), { name: 'delivery' });
    expect(plan.slot).toBe(Math.max(...SERVICE_REGISTRY.map((entry) => entry.slot)) + 1);
    for (const { name, slot } of SERVICE_REGISTRY) {
      const relay = PROCESSES.find((spec) => spec.service === name && spec.role === 'relay')!;
      expect(identityOf(name, slot)).toMatchObject({
        httpPort: httpPort(name, NATIVE_PORTS),
        relayPort: Number(relay.env(NATIVE_PORTS).OUTBOX_RELAY_HTTP_PORT),
      });
    }
  });

  it('names the topic after the service alone, or after the service and a differently named aggregate', () => {
    expect(planService(freshTree(), { name: 'delivery' })).toMatchObject({ topic: 'delivery.events', topicKey: 'delivery', protoPackage: 'delivery.v1' });
    expect(planService(freshTree(), { name: 'delivery', aggregate: 'courier-job' })).toMatchObject({
      topic: 'delivery.courier-job.events',
      topicKey: 'courierJob',
      resources: expect.objectContaining({ kebab: 'courier-jobs', pascal: 'CourierJobs' }),
    });
  });

  it.each([
    [{ name: 'Delivery' }, /one lowercase word/],
    [{ name: 'home-delivery' }, /one lowercase word/],
    [{ name: 'deliveryservice' }, /without "service"/],
    [{ name: 'kitchen' }, /exists already/],
    [{ name: 'delivery', aggregate: 'order' }, /SQL keyword/],
    [{ name: 'delivery', aggregate: 'ticket' }, /aggregate type 'Ticket' already/],
    [{ name: 'delivery', aggregate: 'Courier_Job' }, /lowercase words joined by dashes/],
  ])('refuses %j with a message that says what to do, and writes nothing', async (options, message) => {
    const tree = freshTree();
    await expect(serviceGenerator(tree, options)).rejects.toThrow(InvalidNameError);
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(tree.listChanges()).toEqual([]);
  });
});

describe('the generated service has the anatomy of the services it is modelled on', () => {
  // An aggregate named apart from the service, so that the two kinds of names cannot be confused.
  const names: ServiceNames = { service: 'delivery', aggregate: 'shipment' };
  const generated = async () => {
    const { tree, created } = await generate({ name: names.service, aggregate: names.aggregate });
    const prefix = `apps/${names.service}-service/`;
    const files = created.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
    return new Map(files.map((path) => [linesOf(path, names).join(''), tree.read(prefix + path, 'utf-8') ?? '']));
  };
  const models = MODEL_SERVICES.map((model) => ({ model, files: filesOf(repoRoot, model) }));

  it('has every file all of them have, and no file none of them has', async () => {
    const paths = [...(await generated()).keys()];
    const shared = [...models[0].files.keys()].filter((path) => models.every(({ files }) => files.has(path)) && !FLOW_BOUND_FILES.includes(path));
    expect(paths).toEqual(expect.arrayContaining(shared));
    expect(paths.filter((path) => !models.some(({ files }) => files.has(path)))).toEqual([]);
  });

  it('has, line for line, every file in which they agree with each other but for their names', async () => {
    const files = await generated();
    const [first, ...others] = models;
    const agreed = [...first.files].filter(([path, text]) =>
      others.every(({ model, files: theirs }) => theirs.has(path) && linesOf(theirs.get(path)!, model).join('\n') === linesOf(text, first.model).join('\n')),
    );
    expect(agreed.map(([path]) => path)).toEqual(expect.arrayContaining(['src/main.ts', 'src/relay.ts', 'src/grpc/configure-grpc.ts', 'project.json']));
    for (const [path, text] of agreed) expect(linesOf(files.get(path) ?? '', names), path).toEqual(linesOf(text, first.model));
  });

  it.each(WIRING_FILES)('wires %s with every framework and library part all of them use there', async (path) => {
    const shared = models
      .map(({ files }) => frameworkImportsOf(files.get(path) ?? ''))
      .reduce((common, names) => common.filter((name) => names.includes(name)));
    expect(shared.length, `${path}: the models share framework imports`).toBeGreaterThan(0);
    expect(frameworkImportsOf((await generated()).get(path) ?? '')).toEqual(expect.arrayContaining(shared));
  });
});
