import type { Tree } from '@nx/devkit';
import { checkAggregateName, checkServiceName, InvalidNameError, pluralOf, type Spellings, spellingsOf } from './names';
import { entriesOf } from './source-edits';
import type { ServiceIdentity } from './text-edits';

export interface ServiceGeneratorOptions {
  /** The service: one lowercase word (`delivery` makes apps/delivery-service). */
  name: string;
  /** Its aggregate, lowercase words joined by dashes; the service's name by default. */
  aggregate?: string;
  /** The REST collection of the aggregate; its English plural by default. */
  plural?: string;
}

/** An entry of tools/registry/service-registry.ts as the generator reads it. */
export interface RegistryEntry {
  name: string;
  slot: number;
  grpc: boolean;
  calls: string[];
}

/** Everything the templates and the wiring need to know about the new service. */
export interface ServicePlan {
  service: Spellings;
  aggregate: Spellings;
  /** The aggregate's plural: the REST collection, the repository field. */
  resources: Spellings;
  /** Its Kafka topic and the key of the topic in libs/contracts' `Topics`. */
  topic: string;
  topicKey: string;
  /** `delivery.v1`. */
  protoPackage: string;
  slot: number;
  ports: { http: number; grpc: number; relay: number };
  /** The migration's timestamp: its file name and class name. */
  timestamp: string;
  identity: ServiceIdentity;
  /** The registered service whose blocks in shared deployment files the new ones are copied from. */
  sibling: ServiceIdentity;
  registry: RegistryEntry[];
}

export const REGISTRY_FILE = 'tools/registry/service-registry.ts';
// tools/dev/services.ts: NATIVE_PORTS and the slot offsets (checked by service-plan.spec.ts).
const HTTP_BASE = 3000;
const GRPC_BASE = 50050;
const MAX_SLOT = 9;

export const identityOf = (name: string, slot: number): ServiceIdentity => ({
  name,
  httpPort: HTTP_BASE + slot,
  relayPort: HTTP_BASE + 10 + slot,
  grpcPort: GRPC_BASE + slot,
});

export function readRegistry(tree: Tree): RegistryEntry[] {
  const text = tree.read(REGISTRY_FILE, 'utf-8') ?? '';
  return entriesOf(REGISTRY_FILE, text, 'SERVICE_REGISTRY').map((entry) => {
    const field = (name: string) => new RegExp(`${name}:\\s*([^,}]+|\\[[^\\]]*\\])`).exec(entry)?.[1]?.trim() ?? '';
    return {
      name: field('name').replace(/['"]/g, ''),
      slot: Number(field('slot')),
      grpc: field('grpc') === 'true',
      calls: [...field('calls').matchAll(/'([^']+)'/g)].map((match) => match[1]),
    };
  });
}

/** Checks the names against the repository as it is and works out the rest; throws one readable error when it cannot. */
export function planService(tree: Tree, options: ServiceGeneratorOptions, now = Date.now()): ServicePlan {
  const name = options.name?.trim();
  checkServiceName(name);
  const aggregateName = options.aggregate?.trim() || name;
  checkAggregateName(aggregateName);
  const registry = readRegistry(tree);
  if (registry.some((entry) => entry.name === name) || tree.exists(`apps/${name}-service`)) {
    throw new InvalidNameError(`a service named ${name} exists already (apps/${name}-service, ${REGISTRY_FILE})`);
  }
  const slot = Math.max(...registry.map((entry) => entry.slot)) + 1;
  if (slot > MAX_SLOT) {
    throw new InvalidNameError(`the port plan has ${MAX_SLOT} slots and all are taken; widen it in tools/dev/services.ts first`);
  }
  const siblingEntry = registry.find((entry) => entry.grpc && entry.calls.length === 0);
  if (!siblingEntry) throw new InvalidNameError(`${REGISTRY_FILE} lists no gRPC server that calls nobody, to copy the deployment blocks from`);

  const service = spellingsOf(name);
  const aggregate = spellingsOf(aggregateName);
  const resources = spellingsOf(options.plural?.trim() || pluralOf(aggregateName));
  checkAggregateName(resources.kebab);
  const topic = aggregateName === name ? `${name}.events` : `${name}.${aggregateName}.events`;
  const identity = identityOf(name, slot);
  return {
    service,
    aggregate,
    resources,
    topic,
    topicKey: aggregate.camel,
    protoPackage: `${service.snake}.v1`,
    slot,
    ports: { http: identity.httpPort, grpc: identity.grpcPort, relay: identity.relayPort },
    timestamp: String(now),
    identity,
    sibling: identityOf(siblingEntry.name, siblingEntry.slot),
    registry,
  };
}
