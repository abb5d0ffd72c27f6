import { BadRequestException, Injectable, StandardSchemaValidationPipe } from '@nestjs/common';

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first prototype key anywhere in `value`, e.g. `lineItems.0.__proto__`. */
export function prototypeKeyPath(value: unknown, path: string[] = []): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return [...path, key].join('.');
    const nested = prototypeKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Nest's schema pipe deletes `__proto__`, `constructor` and `prototype` keys before validating,
 * so a body carrying one was accepted as if it had not. Our schemas are strict (an unknown field
 * is a 400 naming it): these keys are unknown fields too, and are refused the same way.
 */
@Injectable()
export class StrictValidationPipe extends StandardSchemaValidationPipe {
  protected override stripProtoKeys(value: unknown): void {
    const path = prototypeKeyPath(value);
    if (path) throw new BadRequestException([`Unrecognized key: "${path}"`]);
  }
}
