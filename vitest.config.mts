import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// The `@ftgo/*` aliases have one source of truth: tsconfig.base.json. Longest first, so that an
// entry point such as `@ftgo/outbox/relay` is not taken for a path inside `@ftgo/outbox`.
const { compilerOptions } = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8'));
const alias = Object.entries(compilerOptions.paths as Record<string, string[]>)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find, replacement: resolve(import.meta.dirname, target) }));

// SWC instead of esbuild because Nest's dependency injection needs emitted decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];
const sources = ['apps', 'libs', 'tools', 'e2e'].map((dir) => `${dir}/**/`);

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    reporters: ['default', './tools/test/summary-reporter.ts'],
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: sources.map((dir) => `${dir}*.spec.ts`),
          globalSetup: ['tools/k8s/kustomize.global-setup.ts'],
          exclude: ['**/*.int.spec.ts', '**/*.e2e.spec.ts', '**/*.viewer.spec.ts', '**/node_modules/**'],
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'int',
          include: sources.map((dir) => `${dir}*.int.spec.ts`),
          globalSetup: ['tools/infra/vitest.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.spec.ts'],
          // Each file runs the whole system on the same ports: one file at a time.
          fileParallelism: false,
          globalSetup: ['tools/infra/vitest.global-setup.ts', 'e2e/src/build.global-setup.ts', 'e2e/src/chromium.global-setup.ts'],
          testTimeout: 120_000,
          // Starting the system waits up to 150 s per process (e2e/src/support/system.ts), the flow page after the rest.
          hookTimeout: 360_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          // Not in `npm test`: its first run installs the trace viewer (minutes, ~1 GB). `npm run test:viewer`.
          name: 'viewer',
          include: ['e2e/**/*.viewer.spec.ts'],
          globalSetup: ['tools/infra/phoenix.global-setup.ts', 'e2e/src/chromium.global-setup.ts'],
          testTimeout: 120_000,
          // Phoenix takes up to a minute and a half to start on a busy 2-core machine.
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
