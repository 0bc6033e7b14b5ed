import type { NextFunction, Request, Response } from 'express';
import { accessLevel, elapsedMs, pathOf } from './access-log.js';
import type { GatewayLogger } from './gateway-logger.js';

/**
 * One structured line per HTTP request: method, path (no query string, which may carry tokens), status,
 * duration and correlation id. Headers and bodies are never logged.
 */
export function requestLogging(logger: GatewayLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.pino[accessLevel(res.statusCode)](
        {
          context: 'HTTP',
          method: req.method,
          path: pathOf(req.originalUrl ?? req.url),
          status: res.statusCode,
          durationMs: elapsedMs(started),
          correlationId: res.getHeader('x-correlation-id'),
        },
        'request',
      );
    });
    next();
  };
}
