import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function errorsOf(rule: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

const boundaryErrors = (filePath: string, code: string) => errorsOf('@nx/enforce-module-boundaries', filePath, code);

describe('module boundaries (the architecture as a lint error)', () => {
  // The rule reads Nx's cached project graph; a fresh clone has none until Nx builds it. Loading
  // the lint config (its plugins and parsers) is set-up too, not part of the first test.
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
    await boundaryErrors('libs/outbox/src/boundary-probe.ts', 'export const probe = 1;\n');
  }, 60_000);

  it('refuses a library importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/outbox/src/boundary-probe.ts',
      "import { OrderModule } from '../../../apps/order-service/src/order.module';\nexport const probe = OrderModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses a service importing another service', async () => {
    const errors = await boundaryErrors(
      'apps/order-service/src/boundary-probe.ts',
      "import { KitchenModule } from '../../kitchen-service/src/kitchen.module';\nexport const probe = KitchenModule;\n",
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

  it("lets a service's test harness (src/testing/) use the tooling, as its tests do", async () => {
    const code = "import { startServiceHarness } from '@ftgo/tools';\nexport const probe = startServiceHarness;\n";
    expect(await boundaryErrors('apps/order-service/src/testing/boundary-probe.ts', code)).toEqual([]);
    expect(await boundaryErrors('apps/order-service/src/http/boundary-probe.ts', code)).not.toEqual([]);
  });

  it('refuses product code importing test support, so that the tooling never reaches a running service', async () => {
    const code = "import { startOrderHarness } from '../testing/order-harness';\nexport const probe = startOrderHarness;\n";
    expect(await errorsOf('no-restricted-imports', 'apps/order-service/src/http/boundary-probe.ts', code)).not.toEqual([]);
    expect(await errorsOf('no-restricted-imports', 'apps/order-service/src/order-http.int.spec.ts', code.replace('../testing', './testing'))).toEqual([]);
  });
});
