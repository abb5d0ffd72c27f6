import type { ArgumentsHost } from '@nestjs/common';
import { type DomainError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { DomainErrorFilter } from './domain-error.filter';

/** A stand-in for Express' response: records what the filter answered. */
function answerTo(error: DomainError): { status: number; body: unknown } {
  const answer = { status: 0, body: undefined as unknown };
  const response = {
    status(code: number) {
      answer.status = code;
      return response;
    },
    json(body: unknown) {
      answer.body = body;
      return response;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(error, host);
  return answer;
}

class StateConflict extends FailedPreconditionError {
  get details() {
    return { currentState: 'CANCEL_PENDING' };
  }
}

describe('DomainErrorFilter', () => {
  it('answers 422 for a request that can never succeed, 404 for a missing thing, with the message', () => {
    expect(answerTo(new InvalidArgumentError('unknown menu item durian'))).toEqual({
      status: 422,
      body: { statusCode: 422, error: 'Unprocessable Entity', message: 'unknown menu item durian' },
    });
    expect(answerTo(new NotFoundError('no order 42'))).toMatchObject({ status: 404, body: { error: 'Not Found', message: 'no order 42' } });
  });

  it("answers 409 for a state conflict and adds the error's details, such as the current state", () => {
    expect(answerTo(new StateConflict('cannot cancel an order in state CANCEL_PENDING'))).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'cannot cancel an order in state CANCEL_PENDING', currentState: 'CANCEL_PENDING' },
    });
  });
});
