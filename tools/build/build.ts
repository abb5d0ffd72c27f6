/**
 * Compiles one app and the libraries into plain CommonJS under dist/, keeping the folder layout
 * so that the `@ftgo/*` path aliases become relative requires. SWC, not tsc: it is fast, emits
 * the decorator metadata Nest's dependency injection reads, and type checking is `npm run typecheck`'s job.
 * An app with a browser front end (`<app>/web/vite.config.mts`) gets it bundled by Vite into dist/<app>/web.
 */
import { transformFile, type Options } from '@swc/core';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';

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
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(spec|d)\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    // An app's browser code is Vite's to bundle (see bundleWeb), not a part of the server.
    .filter((file) => !relative(dir, file).startsWith('web/'));
}

async function compile(file: string, options: Options): Promise<void> {
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, { ...options, filename: file, outputPath: target });
  await mkdir(dirname(target), { recursive: true });
  if (map) await writeAtomically(`${target}.map`, map);
  await writeAtomically(target, map ? `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map` : code);
}

/** Renamed into place: a process starting from dist/ while a build runs reads the old file or the new one, never half of one. */
async function writeAtomically(target: string, content: string): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, target);
}

/** Bundles an app's front end with its own Vite config; the output lands beside the compiled server. */
async function bundleWeb(app: string): Promise<void> {
  const configFile = join(root, app, 'web', 'vite.config.mts');
  if (!existsSync(configFile)) return;
  const vite = await import('vite');
  await vite.build({ configFile, logLevel: 'warn' });
  console.log(`bundled ${app}/web into ${relative(root, join(outDir, app, 'web'))}/`);
}

/** Compiles the given app folders (relative to the repo root) plus every library. */
export async function build(apps: string[]): Promise<void> {
  const roots = [...apps, 'libs'].map((p) => resolve(root, p));
  const files = (await Promise.all(roots.map(sourceFiles))).flat();
  const options = swcOptions();
  await Promise.all(files.map((file) => compile(file, options)));
  console.log(`compiled ${files.length} files into ${relative(root, outDir)}/`);
  for (const app of apps) await bundleWeb(app);
}

if (require.main === module) {
  build(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
