import { controllersDocument, openApiContractProblems } from '@ftgo/platform';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AccountQueries } from '../application/account-queries';
import { PaymentQueries } from '../application/payment-queries';
import { AccountsController } from './accounts.controller';
import { PaymentsController } from './payments.controller';

describe("accounting-service's OpenAPI document", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await controllersDocument([AccountsController, PaymentsController], [AccountQueries, PaymentQueries]);
  });

  it('declares for every operation its success schema and each error it answers with the error body', () => {
    expect(openApiContractProblems(document)).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(['/accounts/{consumerId}', '/payments']);
  });
});
