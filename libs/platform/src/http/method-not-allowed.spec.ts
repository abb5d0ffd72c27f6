import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { methodNotAllowed } from './method-not-allowed';

const document = {
  paths: { '/orders': { get: {}, post: {} }, '/orders/{id}': { get: {} }, '/orders/{id}/cancel': { post: {} } },
} as unknown as OpenAPIObject;

function answer(method: string, path: string) {
  const response = { status: vi.fn().mockReturnThis(), setHeader: vi.fn().mockReturnThis(), json: vi.fn().mockReturnThis() };
  const next = vi.fn();
  methodNotAllowed(document)({ method, path } as Request, response as unknown as Response, next);
  return { next, response };
}

describe('methodNotAllowed', () => {
  it('answers 405 with Allow for a documented path asked with a method it does not have', () => {
    const { next, response } = answer('DELETE', '/orders/8a1c1f0e-2f6b-4a51-9d57-3d8f0f6b6c11/cancel');
    expect(next).not.toHaveBeenCalled();
    expect(response.status).toHaveBeenCalledWith(405);
    expect(response.setHeader).toHaveBeenCalledWith('Allow', 'POST');
  });

  it('lets the documented methods, HEAD where GET is, OPTIONS and unknown paths through to the router', () => {
    for (const [method, path] of [['POST', '/orders'], ['GET', '/orders/'], ['HEAD', '/orders/x'], ['OPTIONS', '/orders'], ['TRACE', '/nowhere'], ['PUT', '/orders/x/y/z']]) {
      expect(answer(method, path).next, `${method} ${path}`).toHaveBeenCalled();
    }
  });

  it('lists every method of the paths a request matches', () => {
    expect(answer('PATCH', '/orders').response.setHeader).toHaveBeenCalledWith('Allow', 'GET, POST, HEAD');
  });
});
