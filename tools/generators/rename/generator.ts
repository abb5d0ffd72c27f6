/**
 * `npx nx g @ftgo/tools:rename <name>`: the project's name, wherever it stands as a word of its
 * own in a file the repository tracks, becomes `<name>`. That is every technical name that
 * carries it: the npm scope (`@ftgo/platform`), the package, the images, the Kubernetes namespace,
 * label keys and shared resources, internal keys. Databases, topics and consumer groups are named
 * after the services and stay. docs/guides/add-a-service.md#rename-the-project-for-your-company
 */
import { logger, type Tree, visitNotIgnoredFiles } from '@nx/devkit';
import { SERVICES } from '../../registry/service-registry';
import { InvalidNameError } from '../service/names';

/** The project's name now; renamed with everything else, so that the next rename starts from it. */
export const PROJECT_NAME = 'ftgo';

export interface RenameOptions {
  name: string;
}

// A name that is a valid npm scope, Kubernetes namespace (a DNS label) and image path component.
const VALID_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const wordOf = (name: string) => new RegExp(`\\b${name.replace(/-/g, '\\-')}\\b`, 'g');

/** Why the repository cannot be renamed to `name`, or nothing. */
function refusal(name: string): string | undefined {
  if (!VALID_NAME.test(name) || name.length > 40) return `"${name}" is not a name: lowercase letters, digits and dashes, starting with a letter (at most 40)`;
  if (name === PROJECT_NAME) return `the project is already called ${name}`;
  // `order/order-service`, `order-postgres`: the project's names and the services' would run together.
  if ((SERVICES as readonly string[]).includes(name)) return `"${name}" is a service's name (tools/registry/service-registry.ts); choose another`;
  return undefined;
}

function textFiles(tree: Tree): string[] {
  const files: string[] = [];
  visitNotIgnoredFiles(tree, '.', (path) => {
    const content = tree.read(path);
    if (content && !content.includes(0)) files.push(path);
  });
  return files;
}

export async function renameGenerator(tree: Tree, options: RenameOptions): Promise<() => void> {
  const refused = refusal(options.name);
  if (refused) throw new InvalidNameError(refused);
  const files = textFiles(tree);
  let renamed = 0;
  for (const path of files) {
    const text = tree.read(path, 'utf-8') ?? '';
    const next = text.replace(wordOf(PROJECT_NAME), options.name);
    if (next === text) continue;
    tree.write(path, next);
    renamed += 1;
  }
  return () => logger.info(`\n${PROJECT_NAME} is now ${options.name} in ${renamed} files. Next: npm test.`);
}

export default renameGenerator;
