import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorFields, type GatewayLogger } from '../logging/gateway-logger.js';
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
    if (body.statusCode >= 500 && exception instanceof GatewayException) {
      // A failure we understood (an upstream that did not answer, …): worth a line, not a stack trace.
      this.logger.pino.warn(
        { context: 'RestExceptionFilter', correlationId: body.correlationId, code: body.code },
        body.detail,
      );
    } else if (body.statusCode >= 500) {
      this.logger.pino.error(
        { context: 'RestExceptionFilter', correlationId: body.correlationId, error: errorFields(exception) },
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
    const body = (detail: string, code: string, statusCode: number): ErrorBody => ({
      detail,
      code,
      statusCode,
      correlationId,
    });
    if (exception instanceof GatewayException) {
      const known = exception as GatewayException;
      return body(known.message, known.code, known.status);
    }
    // Express and body-parser failures arrive raw, or wrapped by Nest's adapter with the original as `cause`.
    const cause = (exception instanceof HttpException ? exception.cause : exception) as
      BodyParserError | undefined;
    if (cause?.type === 'entity.too.large') {
      return body('Request body is larger than the limit (MAX_REQUEST_SIZE)', 'PAYLOAD_TOO_LARGE', 413);
    }
    if (cause?.type === 'entity.parse.failed') {
      return body(`Malformed JSON body: ${cause.message ?? ''}`.trim(), 'MALFORMED_JSON', 400);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const messages =
        typeof response === 'object' && response !== null
          ? (response as { message?: unknown }).message
          : response;
      const list = Array.isArray(messages) ? messages.map(String) : undefined;
      const detail = list ? list.join('; ') : typeof messages === 'string' ? messages : exception.message;
      return { ...body(detail, codeForStatus(status), status), ...(list ? { errors: list } : {}) };
    }
    if (cause && typeof cause.status === 'number' && cause.status < 500 && cause.expose) {
      return body(cause.message ?? 'Bad request', codeForStatus(cause.status), cause.status);
    }
    return body('Internal server error', 'INTERNAL_ERROR', HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
