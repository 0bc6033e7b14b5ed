import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's X-Correlation-ID (or X-Request-ID) when it is sane, else makes one; echoes it back. */
export function correlationId() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers[HEADER] ?? req.headers['x-request-id'];
    const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
    res.setHeader(HEADER, id);
    next();
  };
}

export function correlationIdOf(_req: Request, res: Response): string {
  const id = res.getHeader(HEADER);
  return typeof id === 'string' ? id : randomUUID();
}
