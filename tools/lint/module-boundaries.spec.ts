import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries (the architecture as a lint error)', () => {
  // The rule reads Nx's cached project graph; a fresh clone has none until Nx builds it.
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  it('refuses a library importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/outbox/src/boundary-probe.ts',
      "import { OrderServiceModule } from '../../../apps/order-service/src/order-service.module';\nexport const probe = OrderServiceModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses a service importing another service', async () => {
    const errors = await boundaryErrors(
      'apps/order-service/src/boundary-probe.ts',
      "import { KitchenServiceModule } from '../../kitchen-service/src/kitchen-service.module';\nexport const probe = KitchenServiceModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('allows a service importing a library through its alias', async () => {
    const errors = await boundaryErrors(
      'apps/order-service/src/boundary-probe.ts',
      "import { parseConfig } from '@ftgo/platform';\nexport const probe = parseConfig;\n",
    );
    expect(errors).toEqual([]);
  });

  it('refuses library code importing the test tooling, but lets the library\'s tests use it', async () => {
    const code = "import { createScratchDatabase } from '@ftgo/tools';\nexport const probe = createScratchDatabase;\n";
    expect(await boundaryErrors('libs/outbox/src/boundary-probe.ts', code)).not.toEqual([]);
    expect(await boundaryErrors('libs/outbox/src/boundary-probe.int.spec.ts', code)).toEqual([]);
  });
});
