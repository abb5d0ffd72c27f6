import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

// The architecture as a build error: libraries never import services, services never import
// each other. Tags live in each project.json.
function boundaries({ testsMayUseTooling }) {
  const libs = testsMayUseTooling ? ['type:lib', 'type:tooling'] : ['type:lib'];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: libs },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: libs },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:tooling'] },
      { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:tooling'] },
    ],
  };
}

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.infra/**', '.nx/**', '**/generated/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', boundaries({ testsMayUseTooling: false })],
    },
  },
  {
    // Tests of any project may use the launcher and test helpers in tools/; product code may not.
    // Test support (a service's harness in src/testing/, a library's test kit) is test code too.
    files: ['**/*.spec.ts', '**/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ testsMayUseTooling: true })] },
  },
  {
    // ...and product code never imports test support, so the tooling never reaches a running service.
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)testing(/|$)', message: 'test support (src/testing/) is for tests only' }] },
      ],
    },
  },
  {
    // The flow page's browser code: React's rules of hooks (and the React Compiler's checks).
    files: ['apps/flow-page/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // Benchmarks reach into libraries' test kits and services' use cases on purpose, to measure
    // exactly the code that runs; nothing imports them, so no boundary can leak through them.
    files: ['bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
