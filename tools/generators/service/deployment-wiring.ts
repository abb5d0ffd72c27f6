/**
 * The new service in everything that lists services and cannot read the registry: the registry
 * itself, docker-compose.yml, the Dockerfile, the PostgreSQL init scripts, the Debezium script,
 * .env.example and the Kubernetes base and overlays. Blocks are the sibling's (a gRPC server
 * that calls nobody, like the new one) with the names and ports renamed, added after the last
 * registered service's; tools/compose and tools/k8s check the result against the registry.
 */
import type { Tree } from '@nx/devkit';
import { InvalidNameError } from './names';
import { REGISTRY_FILE, type ServicePlan } from './service-plan';
import { appendEntry } from './source-edits';
import { renameService, TextFile } from './text-edits';

/** k8s/base/<service>-service files written from the templates, because their text names the service's callers. */
export const TEMPLATED_K8S_FILES = ['api-service.yaml', 'network-policy.yaml'];

function edit(tree: Tree, path: string, change: (file: TextFile) => void): void {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new InvalidNameError(`${path} is missing`);
  const file = new TextFile(path, text);
  change(file);
  tree.write(path, file.toString());
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function wireRegistry(tree: Tree, plan: ServicePlan): void {
  const text = tree.read(REGISTRY_FILE, 'utf-8') ?? '';
  const entry = `{ name: '${plan.service.kebab}', slot: ${plan.slot}, grpc: true, calls: [] }`;
  tree.write(REGISTRY_FILE, appendEntry(REGISTRY_FILE, text, 'SERVICE_REGISTRY', entry));
}

/** The README's table of services gets a row, and its shell loops over the services get the name. */
export function wireReadme(tree: Tree, plan: ServicePlan): void {
  const last = plan.registry[plan.registry.length - 1].name;
  const { kebab, snake } = plan.service;
  const { http, grpc, relay } = plan.ports;
  edit(tree, 'README.md', (file) => {
    const row = `| ${kebab}-service | \`http://127.0.0.1:${http}\` | \`127.0.0.1:${grpc}\` | \`http://127.0.0.1:${relay}\` | \`${snake}_db\`, \`${snake}_user\` | \`${plan.topic}\` |`;
    file.insertAfter(file.find(new RegExp(`^\\| ${last}-service \\|`)), [row]);
    const loop = /^for service in [a-z0-9 ]+; do$/;
    file.lines.forEach((line, index) => loop.test(line) && file.replaceLine(index, line.replace(/; do$/, ` ${kebab}; do`)));
  });
}

export function wireDeployment(tree: Tree, plan: ServicePlan): void {
  const sibling = plan.sibling.name;
  const last = plan.registry[plan.registry.length - 1].name;
  const rename = (lines: string[]) => lines.map((line) => renameService(line, plan.sibling, plan.identity));
  const name = plan.service.kebab;
  const SIBLING = sibling.toUpperCase();

  /** Copies the sibling's line matching `own` (renamed) after the last line matching `any`, within [from, to). */
  const cloneLine = (file: TextFile, own: RegExp, any: RegExp, [from, to] = [0, file.lines.length]) => {
    const copy = rename([file.lines[file.find(own, from, to)]]);
    file.insertAfter(file.findLast(any, from, to), copy);
  };
  const appendToLoops = (file: TextFile) => {
    const loop = /^for service in [a-z0-9 ]+; do$/;
    file.find(loop);
    file.lines.forEach((line, index) => loop.test(line) && file.replaceLine(index, line.replace(/; do$/, ` ${name}; do`)));
  };

  edit(tree, 'docker-compose.yml', (file) => {
    for (const role of ['service', 'relay']) {
      const block = file.slice(file.paragraph(file.find(new RegExp(`^  ${sibling}-${role}:$`))));
      const [, end] = file.paragraph(file.find(new RegExp(`^  ${last}-${role}:$`)));
      file.insertAfter(end - 1, ['', ...rename(block)]);
    }
    const password = new RegExp(`^\\s+${SIBLING}_DB_PASSWORD:`);
    const anyPassword = /^\s+[A-Z0-9]+_DB_PASSWORD:/;
    cloneLine(file, password, anyPassword, file.paragraph(file.find(/^ {2}postgres:$/)));
    cloneLine(file, password, anyPassword, file.paragraph(file.find(/^ {2}cdc-register:$/)));
    cloneLine(file, new RegExp(`^\\s+${sibling}-service: \\{`), /^\s+[a-z0-9]+-service: \{/, file.paragraph(file.find(/^ {2}cdc-register:$/)));
  });

  edit(tree, 'Dockerfile', (file) => {
    const block = file.slice(file.paragraph(file.find(new RegExp(`^FROM runtime AS ${sibling}-service$`))));
    const [, end] = file.paragraph(file.find(new RegExp(`^FROM runtime AS ${last}-service$`)));
    file.insertAfter(end - 1, ['', ...rename(block)]);
    const build = file.find(new RegExp(`tools/build/build\\.ts .*apps/${last}-service`));
    file.replaceLine(build, file.lines[build].replace(`apps/${last}-service`, `apps/${last}-service apps/${name}-service`));
  });

  edit(tree, '.env.example', (file) => cloneLine(file, new RegExp(`^${SIBLING}_DB_PASSWORD=`), /^[A-Z0-9]+_DB_PASSWORD=/));
  for (const script of ['deploy/postgres/init-databases.sh', 'k8s/overlays/local/postgres/init-databases.sh', 'deploy/cdc/register-connectors.sh']) {
    edit(tree, script, appendToLoops);
  }

  edit(tree, 'k8s/base/kustomization.yaml', (file) => file.insertAfter(file.find(new RegExp(`^  - ${last}-service$`)), [`  - ${name}-service`]));
  for (const child of tree.children(`k8s/base/${sibling}-service`)) {
    if (TEMPLATED_K8S_FILES.includes(child)) continue;
    const text = tree.read(`k8s/base/${sibling}-service/${child}`, 'utf-8') ?? '';
    tree.write(`k8s/base/${name}-service/${child}`, renameService(text, plan.sibling, plan.identity));
  }

  edit(tree, 'k8s/overlays/local/kustomization.yaml', (file) => {
    const database = file.slice(file.item(file.find(new RegExp(`^  - name: ${sibling}-database$`))));
    const [, end] = file.item(file.find(new RegExp(`^  - name: ${last}-database$`)));
    file.insertAfter(end - 1, rename(database));
    cloneLine(file, new RegExp(`^\\s+- ${SIBLING}_DB_PASSWORD=`), /^\s+- [A-Z0-9]+_DB_PASSWORD=/);
  });

  edit(tree, 'k8s/overlays/production/kustomization.yaml', (file) => {
    const image = file.slice(file.item(file.find(new RegExp(`^  - name: ftgo/${sibling}-service$`))));
    const [, end] = file.item(file.find(new RegExp(`^  - name: ftgo/${last}-service$`)));
    file.insertAfter(end - 1, rename(image));
  });

  edit(tree, 'k8s/overlays/production/kafka-topics.yaml', (file) => {
    const documents = file.toString().trimEnd().split(/^---$/m);
    const topic = documents[documents.length - 1].replace(/^(  name: ).+$/m, `$1${plan.topic}`);
    file.lines = `${documents.join('---')}\n---${topic}\n`.split('\n');
  });

  edit(tree, 'k8s/overlays/production/postgres-cluster.yaml', (file) => {
    cloneLine(file, new RegExp(`^\\s+- \\{ name: ${sibling}_user,`), /^\s+- \{ name: [a-z0-9]+_user,/);
    const documents = file.toString().trimEnd().split(/^---$/m);
    const database = documents.find((document) => new RegExp(`^  name: ${escape(sibling)}-db$`, 'm').test(document));
    if (!database) throw new InvalidNameError(`k8s/overlays/production/postgres-cluster.yaml has no Database ${sibling}-db to copy`);
    file.lines = `${documents.join('---')}\n---${renameService(database.trimEnd(), plan.sibling, plan.identity)}\n`.split('\n');
  });
}
