import { controllersDocument, linkedOperationIds, openApiContractProblems } from '@ftgo/platform';
import type { OpenAPIObject, ParameterObject } from '@nestjs/swagger';
import { beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_PATTERN } from '../application/idempotency-key';
import { OrderCommands } from '../application/order-commands';
import { OrderQueries } from '../application/order-queries';
import { OrdersController } from './orders.controller';
import { createOrderSchema, getOrderQuerySchema } from './orders.schemas';

const parameter = (document: OpenAPIObject, path: string, method: 'get' | 'post', name: string) =>
  (document.paths[path][method]!.parameters as ParameterObject[]).find((candidate) => candidate.name === name)!;

describe("order-service's OpenAPI document", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await controllersDocument([OrdersController], [OrderCommands, OrderQueries]);
  });

  it('declares for every operation its success schema, each error it answers with the error body, and links that lead somewhere', () => {
    expect(openApiContractProblems(document)).toEqual([]);
  });

  it('links a created order to reading, cancelling and revising it', () => {
    expect(linkedOperationIds(document, '/orders', 'post', '201')).toEqual(
      expect.arrayContaining(['OrdersController_get', 'OrdersController_cancel', 'OrdersController_revise']),
    );
  });

  it('states the Idempotency-Key format the use case checks', () => {
    const header = parameter(document, '/orders', 'post', 'Idempotency-Key');
    expect(header.schema).toMatchObject({ pattern: IDEMPOTENCY_KEY_PATTERN.source });
  });

  it('states the include values the query accepts, and only those pass', () => {
    const { pattern } = parameter(document, '/orders/{id}', 'get', 'include').schema as { pattern: string };
    for (const include of ['ticket', 'payment', 'ticket,payment', 'payment,ticket', 'ticket,bogus', 'ticket,', ' ticket']) {
      expect(new RegExp(pattern).test(include), include).toBe(getOrderQuerySchema.safeParse({ include }).success);
    }
  });

  it('marks the line items unique by menu item, the rule the validator enforces', () => {
    const body = document.paths['/orders'].post!.requestBody as { content: Record<string, { schema: { properties: Record<string, object> } }> };
    expect(body.content['application/json'].schema.properties.lineItems).toMatchObject({ 'x-unique-by': 'menuItemId', maxItems: 50, minItems: 1 });
    const twice = [{ menuItemId: 'naan', quantity: 1 }, { menuItemId: 'naan', quantity: 2 }];
    expect(createOrderSchema.safeParse({ consumerId: crypto.randomUUID(), restaurantId: crypto.randomUUID(), lineItems: twice }).success).toBe(false);
  });
});
