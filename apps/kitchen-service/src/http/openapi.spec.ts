import { controllersDocument, linkedOperationIds, openApiContractProblems } from '@ftgo/platform';
import type { OpenAPIObject } from '@nestjs/swagger';
import { beforeAll, describe, expect, it } from 'vitest';
import { RestaurantQueries } from '../application/restaurant-queries';
import { TicketCommands } from '../application/ticket-commands';
import { TicketQueries } from '../application/ticket-queries';
import { RestaurantsController } from './restaurants.controller';
import { TicketsController } from './tickets.controller';
import { acceptTicketBody } from './tickets.schemas';

describe("kitchen-service's OpenAPI document", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await controllersDocument([RestaurantsController, TicketsController], [RestaurantQueries, TicketCommands, TicketQueries]);
  });

  it('declares for every operation its success schema, each error it answers with the error body, and links that lead somewhere', () => {
    expect(openApiContractProblems(document)).toEqual([]);
  });

  it("links a ticket to the kitchen's next verbs on it", () => {
    expect(linkedOperationIds(document, '/tickets/{id}/accept', 'post', '200')).toEqual(
      expect.arrayContaining(['TicketsController_preparing', 'TicketsController_readyForPickup', 'TicketsController_pickedUp']),
    );
  });

  it('states the readyBy the parser accepts: its patterns admit what it admits and refuse what it refuses', () => {
    const body = document.paths['/tickets/{id}/accept'].post!.requestBody as { content: Record<string, { schema: { properties: { readyBy: { allOf: Array<{ pattern: string }> } } } }> };
    const patterns = body.content['application/json'].schema.properties.readyBy.allOf.map(({ pattern }) => new RegExp(pattern));
    for (const readyBy of ['2030-01-01T12:30:00Z', '2000-01-01T00:00:00+05:00', '1999-12-31T23:59:59Z', '2030-02-31T12:00:00Z', '2030-01-01 12:30', '9999-12-31T23:59:59-12:00']) {
      expect(patterns.every((pattern) => pattern.test(readyBy)), readyBy).toBe(acceptTicketBody.safeParse({ readyBy }).success);
    }
  });
});
