/**
 * The service anatomy as the generator's tests compare it: a service's files with its own names
 * replaced by placeholders, so that two services' trees and texts can be compared role by role
 * (docs/service-anatomy.md). Kept beside the generator so that its templates cannot drift from
 * the services they copy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pluralOf, spellingsOf } from './names';

export interface ServiceNames {
  service: string;
  aggregate: string;
  plural?: string;
}

/** The services whose anatomy a generated service must have: gRPC servers that call nobody, like it. */
export const MODEL_SERVICES: ServiceNames[] = [
  { service: 'kitchen', aggregate: 'ticket' },
  { service: 'accounting', aggregate: 'payment' },
];

/**
 * Files a model service has because it takes part in the business flow: its aggregate's saga-table
 * spec checks docs/flows.md's table of that aggregate. A generated service joins no flow until it
 * is given one (docs/guides/add-a-service.md), so it has none yet.
 */
export const FLOW_BOUND_FILES = ['src/domain/<aggregate>-saga-table.spec.ts'];

/** `ticket`, `Ticket`, `TICKET`, `tickets`, … → `<aggregate>`, `<Aggregate>`, `<AGGREGATE>`, `<aggregates>`, … */
export function normalise(text: string, names: ServiceNames): string {
  const roles: [string, string][] = [
    [names.plural ?? pluralOf(names.aggregate), 'aggregates'],
    [names.aggregate, 'aggregate'],
    [names.service, 'service'],
  ];
  let result = text.replace(/\b\d{13}\b/g, '<timestamp>');
  for (const [name, role] of roles) {
    const spelt = spellingsOf(name);
    const placeholders = spellingsOf(role);
    for (const form of ['pascal', 'constant', 'camel', 'snake', 'kebab', 'words'] as const) {
      result = result.split(spelt[form]).join(`<${placeholders[form]}>`);
    }
  }
  return result;
}

/** The files of apps/<service>-service, relative to it, keyed by their normalised path. */
export function filesOf(root: string, names: ServiceNames): Map<string, string> {
  const dir = join(root, 'apps', `${names.service}-service`);
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(entries.map((entry) => {
    const path = relative(dir, join(entry.parentPath, entry.name));
    return [normalise(path, names), readFileSync(join(dir, path), 'utf8')];
  }));
}

/** A text as a sorted list of its normalised lines: the same lines, whatever the order of the imports. */
export const linesOf = (text: string, names: ServiceNames) => normalise(text, names).split('\n').sort();

/** The files that wire a service to the framework and the libraries: no domain in them. */
export const WIRING_FILES = [
  'src/main.ts',
  'src/relay.ts',
  'src/<service>.module.ts',
  'src/config/<service>.config.ts',
  'src/http/configure-http.ts',
  'src/grpc/configure-grpc.ts',
  'src/persistence/migrations/index.ts',
  'src/testing/<service>-harness.ts',
];

/** The names a file imports from the framework (`@nestjs/*`) and the platform libraries (`@ftgo/*`, contracts aside). */
export function frameworkImportsOf(text: string): string[] {
  const imports = [...text.matchAll(/^import (?:type )?\{([^}]+)\} from '(@nestjs\/[^']+|@ftgo\/(?!contracts)[^']+)';$/gm)];
  return imports.flatMap(([, names]) => names.split(',').map((name) => name.trim().replace(/^type\s+/, ''))).filter(Boolean).sort();
}
