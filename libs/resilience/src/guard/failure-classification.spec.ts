import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { isCallerError, isTransientError } from './failure-classification';

const grpcError = (code: status) => Object.assign(new Error('x'), { code, details: 'x', metadata: new Metadata() });
const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

describe('isCallerError (the breaker errorFilter)', () => {
  it('treats the caller-mistake and business-refusal gRPC statuses as no failure of the dependency', () => {
    for (const code of [status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION, status.ALREADY_EXISTS]) {
      expect(isCallerError(grpcError(code)), status[code]).toBe(true);
    }
  });

  it('counts infrastructure statuses as failures', () => {
    for (const code of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.UNKNOWN, status.RESOURCE_EXHAUSTED]) {
      expect(isCallerError(grpcError(code)), status[code]).toBe(false);
    }
  });

  it('treats HTTP 4xx as caller errors, except 408 and 429 which speak about the server', () => {
    expect([400, 404, 409, 422].map((s) => isCallerError(httpError(s)))).toEqual([true, true, true, true]);
    expect([408, 429, 500, 503].map((s) => isCallerError(httpError(s)))).toEqual([false, false, false, false]);
  });

  it('counts an error without a status (connection refused, bug) as a failure', () => {
    expect(isCallerError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isCallerError(new TypeError('boom'))).toBe(false);
  });
});

describe('isTransientError', () => {
  it('is true only for UNAVAILABLE, DEADLINE_EXCEEDED and HTTP 502/503/504', () => {
    expect(isTransientError(grpcError(status.UNAVAILABLE))).toBe(true);
    expect(isTransientError(grpcError(status.DEADLINE_EXCEEDED))).toBe(true);
    expect(isTransientError(grpcError(status.INTERNAL))).toBe(false);
    expect([502, 503, 504].map((s) => isTransientError(httpError(s)))).toEqual([true, true, true]);
    expect(isTransientError(httpError(500))).toBe(false);
  });
});
