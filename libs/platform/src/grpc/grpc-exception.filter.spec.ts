import { type ArgumentsHost, BadRequestException } from '@nestjs/common';
import { FailedPreconditionError, grpcStatusError, InvalidArgumentError, NotFoundError } from '@ftgo/contracts';
import { status } from '@grpc/grpc-js';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { GrpcExceptionFilter } from './grpc-exception.filter';

const answerTo = (error: unknown) => firstValueFrom(new GrpcExceptionFilter().catch(error, {} as ArgumentsHost)).catch((sent: unknown) => sent);

describe('GrpcExceptionFilter', () => {
  it('answers the domain errors with their precise status and message', async () => {
    expect(await answerTo(new InvalidArgumentError('unknown menu item durian'))).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'unknown menu item durian' });
    expect(await answerTo(new NotFoundError('no ticket 42'))).toMatchObject({ code: status.NOT_FOUND, details: 'no ticket 42' });
    expect(await answerTo(new FailedPreconditionError('ticket is PREPARING'))).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'ticket is PREPARING' });
  });

  it('answers a request that fails its schema with INVALID_ARGUMENT listing every problem', async () => {
    const invalid = new BadRequestException(['ticketId: must be a UUID', 'readyBy: must be an ISO 8601 date-time']);
    expect(await answerTo(invalid)).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'ticketId: must be a UUID; readyBy: must be an ISO 8601 date-time' });
  });

  it('answers anything else with INTERNAL, without leaking its message', async () => {
    const answer = await answerTo(new Error('password authentication failed for user "kitchen_user"'));
    expect(answer).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
  });

  it('sends a status the call interceptor chose as it is', async () => {
    const late = grpcStatusError(status.DEADLINE_EXCEEDED, 'the deadline passed before the call was handled');
    expect(await answerTo(late)).toBe(late);
  });
});
