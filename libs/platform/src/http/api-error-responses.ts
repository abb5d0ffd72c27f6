import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_BODY_COMPONENT } from './error-body';

/** Why each error status is answered; an operation lists the ones it really produces. */
export const ERROR_RESPONSES = {
  400: 'Malformed request: a parameter, header or body field is missing, unknown or out of bounds (`message` lists each)',
  404: 'No such resource',
  409: "The resource's current state forbids it (`currentState` in the body); read it again",
  413: 'The body exceeds the service\'s limit',
  415: 'A body in a charset or content encoding the service does not read',
  422: 'Well-formed, but refused by a business rule',
  503: 'A dependency is unavailable; nothing was changed, retry after `Retry-After` seconds',
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

/**
 * `@ApiErrorResponses(400, 404, 503)`: each status with the project's error body (and
 * `Retry-After` on 503), so that the document says every answer a client must handle.
 */
export function ApiErrorResponses(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_RESPONSES[status],
        // JSON whatever the operation produces: an event stream's refusals come before the stream.
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_COMPONENT}` } } },
        ...(status === 503 && { headers: RETRY_AFTER }),
      }),
    ),
  );
}
