import { InvalidPayloadError } from '../errors/permanent-error';

type Issue = { readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> };
type Result<T> = { readonly value: T; readonly issues?: undefined } | { readonly issues: ReadonlyArray<Issue> };

/**
 * The slice of Standard Schema (https://standardschema.dev) we need: any zod 4 schema fits, and
 * so does valibot or arktype. The library stays free of the project's event types.
 */
export interface PayloadSchema<T> {
  readonly '~standard': {
    readonly validate: (value: unknown) => Result<T> | Promise<Result<T>>;
  };
}

function describe(issue: Issue): string {
  const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The payload as its handler's type, or InvalidPayloadError listing every problem. */
export async function validatePayload<T>(schema: PayloadSchema<T>, body: unknown, eventType: string): Promise<T> {
  const result = await schema['~standard'].validate(body);
  if (result.issues) {
    throw new InvalidPayloadError(`${eventType} payload is invalid: ${result.issues.map(describe).join('; ')}`);
  }
  return result.value;
}
