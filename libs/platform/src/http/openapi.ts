import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR_BODY_COMPONENT, errorBodySchema } from './error-body';
import { methodNotAllowed } from './method-not-allowed';

/**
 * A zod schema as an OpenAPI schema object, for `@ApiBody({ schema })` and components: the schema
 * that validates is the one that documents, so the two never drift apart.
 */
export function openApiSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });
  return jsonSchema;
}

/**
 * The service's OpenAPI document, built from the controllers' decorators, with what every
 * operation shares: the error body component and the 431 Node.js answers (before any route) to
 * headers larger than it reads.
 */
export function openApiDocument(app: INestApplication, info: { title: string; description: string }): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('1')
    .addGlobalResponse({ status: 431, description: 'Request headers larger than the server reads (answered by Node.js, without a body)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [ERROR_BODY_COMPONENT]: openApiSchemaOf(errorBodySchema, 'output') } };
  return document;
}

/**
 * The OpenAPI page at `/docs` (the JSON at `/docs-json`); an undocumented method on a documented
 * path answers 405, so the document is also what the router enforces.
 */
export function setupOpenApi(app: INestApplication, info: { title: string; description: string }): OpenAPIObject {
  const document = openApiDocument(app, info);
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('docs', app, document);
  return document;
}

/**
 * The document of some controllers alone, each dependency they inject stood in for by an empty
 * object: what a unit test holds to the code, without a database or a broker.
 */
export async function controllersDocument(controllers: Type[], injected: Type[]): Promise<OpenAPIObject> {
  class DocumentOnly {}
  const providers = injected.map((provide) => ({ provide, useValue: {} }));
  const app = await NestFactory.create({ module: DocumentOnly, controllers, providers }, { logger: false });
  try {
    return openApiDocument(app, { title: 'document', description: '' });
  } finally {
    await app.close();
  }
}
