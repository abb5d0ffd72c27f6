/**
 * Compiles one app and the libraries into plain CommonJS under dist/, keeping the folder layout
 * so that the `@ftgo/*` path aliases become relative requires. SWC, not tsc: it is fast, emits
 * the decorator metadata Nest's dependency injection reads, and type checking is `npm run typecheck`'s job.
 */
import { transformFile, type Options } from '@swc/core';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, 'dist');

function swcOptions(): Options {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2023',
      baseUrl: root,
      paths: compilerOptions.paths,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  };
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

async function compile(file: string, options: Options): Promise<void> {
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, { ...options, filename: file, outputPath: target });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, map ? `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map` : code);
  if (map) await writeFile(`${target}.map`, map);
}

/** Compiles the given app folders (relative to the repo root) plus every library. */
export async function build(apps: string[]): Promise<void> {
  const roots = [...apps, 'libs'].map((p) => resolve(root, p));
  const files = (await Promise.all(roots.map(sourceFiles))).flat();
  const options = swcOptions();
  await Promise.all(files.map((file) => compile(file, options)));
  console.log(`compiled ${files.length} files into ${relative(root, outDir)}/`);
}

if (require.main === module) {
  build(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
