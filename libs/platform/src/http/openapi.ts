import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

/** The OpenAPI page at `/docs` (the JSON at `/docs-json`), built from the controllers' decorators. */
export function setupOpenApi(app: INestApplication, info: { title: string; description: string }): void {
  const config = new DocumentBuilder().setTitle(info.title).setDescription(info.description).setVersion('1').build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}

/**
 * A zod request schema as an OpenAPI schema object, for `@ApiBody({ schema })`: the schema that
 * validates the request is the one that documents it, so the two never drift apart.
 */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return jsonSchema;
}
