import { type ParameterDecoratorOptions, StandardSchemaValidationPipe } from '@nestjs/common';

const pipe = new StandardSchemaValidationPipe();

/** `@Body(validated(schema))`: a 400 listing every problem, or the parsed value. */
export function validated(schema: NonNullable<ParameterDecoratorOptions['schema']>): ParameterDecoratorOptions {
  return { schema, pipes: [pipe] };
}
