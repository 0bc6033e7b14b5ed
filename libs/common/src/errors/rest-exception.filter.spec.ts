import {
  type ArgumentsHost,
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config/load-config.js';
import { GatewayLogger } from '../logging/gateway-logger.js';
import { GatewayException } from './gateway.exception.js';
import { RestExceptionFilter } from './rest-exception.filter.js';

class CollectingStream {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

/** The part of an Express response the filter touches, recording what it was told. */
class FakeResponse {
  headersSent = false;
  statusCode = 200;
  body: unknown = undefined;
  ended = false;
  constructor(private readonly correlationId: string) {}
  getHeader(name: string): string | undefined {
    return name === 'x-correlation-id' ? this.correlationId : undefined;
  }
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    return this;
  }
  end(): this {
    this.ended = true;
    return this;
  }
}

function hostFor(res: FakeResponse): ArgumentsHost {
  const http = { getRequest: () => ({ headers: {} }), getResponse: () => res };
  return { switchToHttp: () => http } as unknown as ArgumentsHost;
}

function filterWithLog(): { sut: RestExceptionFilter; log: CollectingStream } {
  const log = new CollectingStream();
  const sut = new RestExceptionFilter(new GatewayLogger(loadGatewayConfig({ LOG_FORMAT: 'json' }), log));
  return { sut, log };
}

const CID = 'req-42';

describe(RestExceptionFilter.name, () => {
  describe(RestExceptionFilter.prototype.toBody.name, () => {
    const { sut } = filterWithLog();

    it('keeps the code, status and message of a GatewayException', () => {
      const body = sut.toBody(
        new GatewayException('TOOL_NOT_FOUND', 'Tool "weather" does not exist', HttpStatus.NOT_FOUND),
        CID,
      );
      expect(body).toEqual({
        detail: 'Tool "weather" does not exist',
        code: 'TOOL_NOT_FOUND',
        statusCode: 404,
        correlationId: CID,
      });
    });

    it('gives a GatewayException without a status 400', () => {
      expect(sut.toBody(new GatewayException('NAME_TAKEN', 'Name taken'), CID).statusCode).toBe(400);
    });

    it('maps a bare NotFoundException to 404 NOT_FOUND', () => {
      expect(sut.toBody(new NotFoundException(), CID)).toEqual({
        detail: 'Not Found',
        code: 'NOT_FOUND',
        statusCode: 404,
        correlationId: CID,
      });
    });

    it('uses the message given to a NotFoundException as the detail', () => {
      expect(sut.toBody(new NotFoundException('Server 7 not found'), CID)).toMatchObject({
        detail: 'Server 7 not found',
        code: 'NOT_FOUND',
      });
    });

    it('maps a ForbiddenException to 403 FORBIDDEN', () => {
      expect(sut.toBody(new ForbiddenException('Admin only'), CID)).toMatchObject({
        detail: 'Admin only',
        code: 'FORBIDDEN',
        statusCode: 403,
      });
    });

    it('lists every validation message of a BadRequestException and joins them in detail', () => {
      const messages = ['name must be a string', 'url must be a URL address'];
      const body = sut.toBody(new BadRequestException(messages), CID);
      expect(body).toEqual({
        detail: 'name must be a string; url must be a URL address',
        code: 'VALIDATION_FAILED',
        statusCode: 400,
        correlationId: CID,
        errors: messages,
      });
    });

    it('has no errors list when a BadRequestException carries one message', () => {
      const body = sut.toBody(new BadRequestException('name is required'), CID);
      expect(body.detail).toBe('name is required');
      expect(body).not.toHaveProperty('errors');
    });

    it('uses a plain-string HttpException response as the detail', () => {
      expect(sut.toBody(new HttpException('Slow down', HttpStatus.TOO_MANY_REQUESTS), CID)).toMatchObject({
        detail: 'Slow down',
        code: 'TOO_MANY_REQUESTS',
        statusCode: 429,
      });
    });

    it('turns a body-parser "entity.too.large" error into 413 PAYLOAD_TOO_LARGE', () => {
      const body = sut.toBody(
        { type: 'entity.too.large', status: 413, expose: true, message: 'request entity too large' },
        CID,
      );
      expect(body).toEqual({
        detail: 'Request body is larger than the limit (MAX_REQUEST_SIZE)',
        code: 'PAYLOAD_TOO_LARGE',
        statusCode: 413,
        correlationId: CID,
      });
    });

    it('turns a body-parser "entity.parse.failed" error into 400 MALFORMED_JSON quoting the parser', () => {
      const body = sut.toBody(
        {
          type: 'entity.parse.failed',
          status: 400,
          expose: true,
          message: 'Unexpected token } in JSON at position 12',
        },
        CID,
      );
      expect(body).toEqual({
        detail: 'Malformed JSON body: Unexpected token } in JSON at position 12',
        code: 'MALFORMED_JSON',
        statusCode: 400,
        correlationId: CID,
      });
    });

    it('keeps the status of another exposed body-parser error', () => {
      const body = sut.toBody(
        { type: 'encoding.unsupported', status: 415, expose: true, message: 'unsupported charset "X"' },
        CID,
      );
      expect(body).toEqual({
        detail: 'unsupported charset "X"',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        statusCode: 415,
        correlationId: CID,
      });
    });

    it('treats a status-bearing error that is not meant to be exposed as internal', () => {
      const body = sut.toBody({ status: 400, expose: false, message: 'stream.not.readable' }, CID);
      expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
      expect(body.detail).not.toContain('stream.not.readable');
    });

    it('answers an unknown Error with 500 INTERNAL_ERROR and says nothing of its message', () => {
      const body = sut.toBody(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'), CID);
      expect(body).toEqual({
        detail: 'Internal server error',
        code: 'INTERNAL_ERROR',
        statusCode: 500,
        correlationId: CID,
      });
      expect(JSON.stringify(body)).not.toContain('hunter2');
    });

    it.each([
      ['a string', 'boom'],
      ['null', null],
      ['undefined', undefined],
    ])('answers a thrown %s with 500 INTERNAL_ERROR', (_name, thrown) => {
      expect(sut.toBody(thrown, CID)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    });
  });

  describe(RestExceptionFilter.prototype.catch.name, () => {
    it('sends the body with its status and the response correlation id, and logs nothing for a 4xx', () => {
      const { sut, log } = filterWithLog();
      const res = new FakeResponse(CID);
      sut.catch(new NotFoundException('Server 7 not found'), hostFor(res));
      expect(res.statusCode).toBe(404);
      expect(res.body).toEqual({
        detail: 'Server 7 not found',
        code: 'NOT_FOUND',
        statusCode: 404,
        correlationId: CID,
      });
      expect(log.lines).toEqual([]);
    });

    it('logs an unexpected error once, under the correlation id sent to the client', () => {
      const { sut, log } = filterWithLog();
      const res = new FakeResponse(CID);
      sut.catch(new Error('database is locked'), hostFor(res));
      expect(res.statusCode).toBe(500);
      expect(log.lines).toHaveLength(1);
      expect(JSON.parse(log.lines[0])).toMatchObject({
        level: 'error',
        correlationId: CID,
        error: { message: 'database is locked' },
      });
    });

    it('does not leak a bearer token quoted in an unexpected error into the log', () => {
      const { sut, log } = filterWithLog();
      sut.catch(
        new Error('upstream refused Authorization: Bearer sk-live-123'),
        hostFor(new FakeResponse(CID)),
      );
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]).not.toContain('sk-live-123');
    });

    it('only ends the response when headers were already sent', () => {
      const { sut } = filterWithLog();
      const res = new FakeResponse(CID);
      res.headersSent = true;
      sut.catch(new Error('stream broke'), hostFor(res));
      expect(res.ended).toBe(true);
      expect(res.body).toBeUndefined();
      expect(res.statusCode).toBe(200);
    });
  });
});
