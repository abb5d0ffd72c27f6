import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { ERROR_BODY_COMPONENT } from './error-body';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_BODY_REF = `#/components/schemas/${ERROR_BODY_COMPONENT}`;

interface Operation {
  label: string;
  operation: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ label: `${method.toUpperCase()} ${path}`, operation: item[method] as OperationObject })),
  );
}

function problemsOf({ label, operation }: Operation, operationIds: Map<string, OperationObject>): string[] {
  const responses = operation.responses as Record<string, ResponseObject>;
  const problems: string[] = [];
  const statuses = Object.keys(responses);
  const success = statuses.filter((status) => /^2\d\d$/.test(status));
  if (!success.length) problems.push(`${label}: no success response`);
  for (const status of success) {
    const schemas = Object.values(responses[status].content ?? {}).map((media) => media.schema);
    if (!schemas.length || schemas.some((schema) => !schema)) problems.push(`${label}: ${status} declares no schema`);
  }
  for (const status of statuses.filter((code) => /^(4|5)\d\d$/.test(code) && code !== '431')) {
    const schema = responses[status].content?.['application/json']?.schema as { $ref?: string } | undefined;
    if (schema?.$ref !== ERROR_BODY_REF) problems.push(`${label}: ${status} is not the error body`);
  }
  const needs = (status: string, why: string) => {
    if (!responses[status]) problems.push(`${label}: ${why} but no ${status}`);
  };
  if (operation.parameters?.length || operation.requestBody) needs('400', 'takes input');
  if (operation.requestBody) {
    needs('413', 'takes a body');
    needs('415', 'takes a body');
  }
  needs('431', 'reads headers');
  if (responses['503'] && !responses['503'].headers?.['Retry-After']) problems.push(`${label}: 503 without Retry-After`);
  for (const status of success) {
    for (const [name, link] of Object.entries(responses[status].links ?? {})) {
      const target = operationIds.get((link as { operationId?: string }).operationId ?? '');
      if (!target) {
        problems.push(`${label}: link ${name} names no operation of this document`);
        continue;
      }
      const names = new Set((target.parameters as ParameterObject[] | undefined)?.map((parameter) => parameter.name));
      for (const parameter of Object.keys((link as { parameters?: object }).parameters ?? {})) {
        if (!names.has(parameter)) problems.push(`${label}: link ${name} sets ${parameter}, which its target does not take`);
      }
    }
  }
  return problems;
}

/**
 * What makes a service's document complete, as a list of what is missing: every operation
 * declares its success schema, the error body for each error it lists, 400 when it takes input,
 * 413/415 when it takes a body, Retry-After on 503, and links that lead to real operations.
 */
export function openApiContractProblems(document: OpenAPIObject): string[] {
  const operations = operationsOf(document);
  const operationIds = new Map(operations.map(({ operation }) => [operation.operationId ?? '', operation]));
  return operations.flatMap((operation) => problemsOf(operation, operationIds));
}

/** The operation ids one response links to: where a client may go next from it. */
export function linkedOperationIds(document: OpenAPIObject, path: string, method: (typeof METHODS)[number], status: string): string[] {
  const response = (document.paths[path][method] as OperationObject).responses[status] as ResponseObject;
  return Object.values(response.links ?? {}).map((link) => ('operationId' in link ? String(link.operationId) : ''));
}
