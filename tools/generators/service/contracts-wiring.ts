/**
 * The new service in libs/contracts: its topic and aggregate type, its events in the catalog, its
 * gRPC package. The new files (events, .proto, types) come from the templates; these are the edits
 * of the files that list every service's contracts.
 */
import type { Tree } from '@nx/devkit';
import { InvalidNameError } from './names';
import type { ServicePlan } from './service-plan';
import { addImport, addNamedExport, appendEntry, entriesOf, insertAfterLast } from './source-edits';

const TOPICS = 'libs/contracts/src/messaging/topics.ts';
const CATALOG = 'libs/contracts/src/events/event-catalog.ts';
const PROTO_PACKAGES = 'libs/contracts/src/grpc/proto-packages.ts';
const INDEX = 'libs/contracts/src/index.ts';

function edit(tree: Tree, file: string, change: (text: string) => string): void {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new InvalidNameError(`${file} is missing`);
  tree.write(file, change(text));
}

/** Refuses a name that libs/contracts already uses, before anything is written. */
export function checkContractsFree(tree: Tree, plan: ServicePlan): void {
  const topics = tree.read(TOPICS, 'utf-8') ?? '';
  const taken = (name: string, entries: string[], what: string, value: string) => {
    if (entries.some((entry) => entry.includes(value))) throw new InvalidNameError(`libs/contracts has ${what} ${value} already (${name}); choose another --aggregate`);
  };
  taken(TOPICS, entriesOf(TOPICS, topics, 'AggregateTypes'), 'the aggregate type', `'${plan.aggregate.pascal}'`);
  taken(TOPICS, entriesOf(TOPICS, topics, 'Topics'), 'the topic', `'${plan.topic}'`);
  taken(TOPICS, entriesOf(TOPICS, topics, 'Topics').map((entry) => `${entry.split(':')[0]}:`), 'the topic key', `${plan.topicKey}:`);
  const packages = entriesOf(PROTO_PACKAGES, tree.read(PROTO_PACKAGES, 'utf-8') ?? '', 'ProtoPackages');
  taken(PROTO_PACKAGES, packages, 'the gRPC package', `'${plan.protoPackage}'`);
}

export function wireContracts(tree: Tree, plan: ServicePlan): void {
  const { aggregate, service, topicKey } = plan;
  edit(tree, TOPICS, (text) => {
    const withTopic = appendEntry(TOPICS, text, 'Topics', `${topicKey}: '${plan.topic}'`);
    return appendEntry(TOPICS, withTopic, 'AggregateTypes', `[Topics.${topicKey}]: '${aggregate.pascal}'`);
  });
  edit(tree, CATALOG, (text) => {
    const imported = addImport(CATALOG, text, `import { ${aggregate.camel}EventSchemas } from './${aggregate.kebab}-events';`);
    return appendEntry(CATALOG, imported, 'EventCatalog', `[Topics.${topicKey}]: ${aggregate.camel}EventSchemas`);
  });
  edit(tree, PROTO_PACKAGES, (text) => {
    const imported = addImport(PROTO_PACKAGES, text, `import type { ProtoGrpcType as ${service.pascal}Proto } from '../generated/${service.snake}';`);
    const listed = appendEntry(
      PROTO_PACKAGES,
      imported,
      'ProtoPackages',
      `${service.camel}: { package: '${plan.protoPackage}', file: '${service.snake}/v1/${service.snake}.proto' }`,
    );
    return `${listed.trimEnd()}

/** \`${plan.protoPackage}\`: the client constructor and the service definition a server registers. */
export function load${service.pascal}Proto(): ${service.pascal}Proto {
  return load<${service.pascal}Proto>('${service.camel}');
}
`;
  });
  edit(tree, INDEX, (text) => {
    const events = insertAfterLast(INDEX, text, "export * from './events/", `export * from './events/${aggregate.kebab}-events';`);
    const loader = addNamedExport(INDEX, events, './grpc/proto-packages', `load${service.pascal}Proto`);
    return insertAfterLast(INDEX, loader, "export type * from './grpc/", `export type * from './grpc/${service.kebab}-types';`);
  });
}
