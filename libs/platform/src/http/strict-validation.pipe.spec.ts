import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StrictValidationPipe } from './strict-validation.pipe';

const schema = z.strictObject({ items: z.array(z.strictObject({ id: z.string() })) });
const asBody = { type: 'body' as const, schema };
const pipe = new StrictValidationPipe();

describe('StrictValidationPipe', () => {
  it.each([
    ['__proto__ at the top', '{"items":[],"__proto__":{"admin":true}}', '__proto__'],
    ['constructor at the top', '{"items":[],"constructor":{"prototype":{}}}', 'constructor'],
    ['__proto__ in a nested item', '{"items":[{"id":"a","__proto__":{}}]}', 'items.0.__proto__'],
  ])('refuses a body with %s as an unknown field, naming its path', async (_case, json, path) => {
    const failure = await pipe.transform(JSON.parse(json), asBody).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BadRequestException);
    expect((failure as BadRequestException).getResponse()).toMatchObject({ message: [`Unrecognized key: "${path}"`] });
  });

  it('accepts a body without such keys', async () => {
    expect(await pipe.transform({ items: [{ id: 'a' }] }, asBody)).toEqual({ items: [{ id: 'a' }] });
  });
});
