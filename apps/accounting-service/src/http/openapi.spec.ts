import { Test } from '@nestjs/testing';
import { openApiContractProblems, openApiDocument } from '@ftgo/platform';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AccountQueries } from '../application/account-queries';
import { PaymentQueries } from '../application/payment-queries';
import { AccountsController } from './accounts.controller';
import { PaymentsController } from './payments.controller';

describe("accounting-service's OpenAPI document", () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [AccountsController, PaymentsController],
      providers: [AccountQueries, PaymentQueries].map((provide) => ({ provide, useValue: {} })),
    }).compile();
    document = openApiDocument(module.createNestApplication(), { title: 'accounting-service', description: '' });
  });

  it('declares for every operation its success schema and each error it answers with the error body', () => {
    expect(openApiContractProblems(document)).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(['/accounts/{consumerId}', '/payments']);
  });
});
