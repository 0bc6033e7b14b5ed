import type { NextFunction, Request, Response } from 'express';
import type { GatewayLogger } from './gateway-logger.js';

/**
 * One structured line per HTTP request: method, path (no query string, which may carry tokens), status,
 * duration and correlation id. Headers and bodies are never logged.
 */
export function requestLogging(logger: GatewayLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger.pino[level](
        {
          context: 'HTTP',
          method: req.method,
          path: (req.originalUrl ?? req.url).split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(ms * 100) / 100,
          correlationId: res.getHeader('x-correlation-id'),
        },
        'request',
      );
    });
    next();
  };
}
