import { describe, expect, it } from 'vitest';
import { Correlation } from './correlation';

describe('Correlation context', () => {
  it('follows the work across awaits and stays apart between concurrent runs', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        Correlation.run({ correlationId: id }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return Correlation.current()?.correlationId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(Correlation.current()).toBeUndefined();
  });

  it('starts a fresh id outside any run and reuses the current one inside', () => {
    const fresh = Correlation.idOrNew();
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(Correlation.run({ correlationId: 'c-1' }, () => Correlation.idOrNew())).toBe('c-1');
  });
});
