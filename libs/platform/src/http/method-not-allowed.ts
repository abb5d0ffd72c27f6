import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

interface DocumentedPath {
  pattern: RegExp;
  methods: string[];
}

/** `/orders/{id}/cancel` as the paths it stands for: one segment per parameter, an optional trailing slash (as Express routes). */
function patternOf(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** The methods a path allows, per the document; HEAD wherever GET is, as Express answers it. */
export function documentedPaths(document: OpenAPIObject): DocumentedPath[] {
  return Object.entries(document.paths).map(([template, item]) => {
    const methods = METHODS.filter((method) => method in item).map((method) => method.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { pattern: patternOf(template), methods };
  });
}

/**
 * A documented path asked with a method it does not have is 405 with `Allow` (RFC 9110), not the
 * router's 404: the resource exists, the method does not. OPTIONS is left to CORS.
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const paths = documentedPaths(document);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS') return next();
    const matching = paths.filter((path) => path.pattern.test(request.path));
    if (!matching.length) return next();
    const allowed = [...new Set(matching.flatMap((path) => path.methods))];
    if (allowed.includes(request.method)) return next();
    response
      .status(405)
      .setHeader('Allow', allowed.join(', '))
      .json({ statusCode: 405, error: 'Method Not Allowed', message: `${request.method} is not allowed here; use ${allowed.join(', ')}` });
  };
}
