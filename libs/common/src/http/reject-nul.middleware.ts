import type { NextFunction, Request, Response } from 'express';
import { RestExceptionFilter } from '../errors/rest-exception.filter.js';
import { GatewayException } from '../errors/gateway.exception.js';
import type { GatewayLogger } from '../logging/gateway-logger.js';

/** True when any string (key or value) anywhere in the parsed JSON holds a NUL character. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (Array.isArray(item)) {
      stack.push(...(item as unknown[]));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * PostgreSQL cannot store NUL (U+0000) in text, and no registry field needs it (binary content travels as
 * base64): such bodies get a 422 up front instead of a database error, on every route and either database.
 */
export function rejectNulCharacters(logger: GatewayLogger) {
  const filter = new RestExceptionFilter(logger);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!containsNul(req.body)) return next();
    const error = new GatewayException(
      'VALIDATION_FAILED',
      'Text fields may not contain NUL characters (\\u0000); send binary content as base64',
      422,
    );
    const body = filter.toBody(error, String(res.getHeader('x-correlation-id')));
    res.status(body.statusCode).json(body);
  };
}
