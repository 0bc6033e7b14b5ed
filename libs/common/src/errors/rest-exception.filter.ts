import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { GatewayLogger } from '../logging/gateway-logger.js';
import { codeForStatus, GatewayException } from './gateway.exception.js';
import { correlationIdOf } from './correlation-id.middleware.js';

/** The body of every REST error: `detail` is kept for scripts written against the reference gateway. */
export interface ErrorBody {
  detail: string;
  code: string;
  statusCode: number;
  correlationId: string;
  errors?: string[];
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * Turns every error on a REST route into `{detail, code, statusCode, correlationId}`. Client mistakes
 * keep their 4xx; anything unexpected becomes a 500 whose body says nothing about internals, while the
 * log line keeps the stack under the same correlation id.
 */
@Catch()
export class RestExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: GatewayLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, correlationIdOf(req, res));
    if (body.statusCode >= 500) {
      this.logger.pino.error(
        { context: 'RestExceptionFilter', correlationId: body.correlationId, err: exception },
        'unhandled error',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof GatewayException) {
      return { detail: exception.message, code: exception.code, statusCode: exception.status, correlationId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const messages = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
      const list = Array.isArray(messages) ? messages.map(String) : undefined;
      const detail = list ? list.join('; ') : typeof messages === 'string' ? messages : exception.message;
      return { detail, code: codeForStatus(status), statusCode: status, correlationId, ...(list ? { errors: list } : {}) };
    }
    const parserError = exception as BodyParserError;
    if (parserError && typeof parserError.status === 'number' && parserError.expose) {
      if (parserError.type === 'entity.too.large') {
        return { detail: 'Request body is larger than the limit (MAX_REQUEST_SIZE)', code: 'PAYLOAD_TOO_LARGE', statusCode: 413, correlationId };
      }
      if (parserError.type === 'entity.parse.failed') {
        return { detail: `Malformed JSON body: ${parserError.message ?? ''}`.trim(), code: 'MALFORMED_JSON', statusCode: 400, correlationId };
      }
      return { detail: parserError.message ?? 'Bad request', code: codeForStatus(parserError.status), statusCode: parserError.status, correlationId };
    }
    return { detail: 'Internal server error', code: 'INTERNAL_ERROR', statusCode: HttpStatus.INTERNAL_SERVER_ERROR, correlationId };
  }
}
