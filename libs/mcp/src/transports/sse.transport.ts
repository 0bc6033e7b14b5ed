import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { GatewayConfig } from '@app/common';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { readJsonRpcBody, sendRpcError, startEventStream, writeEvent } from '../http/http-io.js';
import { SessionRegistry } from '../session/session-registry.js';
import type { AccessNote } from './access-note.js';

/**
 * The HTTP+SSE transport of MCP 2024-11-05 on `/sse` (and `/servers/{id}/sse`): GET opens the stream and
 * announces the message endpoint; every POST to it is answered 202 and its responses travel on the stream.
 */
@Injectable()
export class SseTransport {
  constructor(
    private readonly sessions: SessionRegistry,
    private readonly processor: MessageProcessor,
    private readonly config: GatewayConfig,
  ) {}

  /** GET …/sse: a new session, its stream, and the `endpoint` event naming where to POST. */
  open(
    req: IncomingMessage,
    res: ServerResponse,
    scope: string | null,
    principal: Principal,
    messagePath: string,
  ): void {
    const session = this.sessions.create(scope, principal);
    startEventStream(res);
    res.write(`retry: ${this.config.sseRetryTimeout}\n\n`);
    writeEvent(res, `${messagePath}?session_id=${session.id}`, 'endpoint');
    const detach = session.attach((message) => writeEvent(res, message, 'message'));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000).unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      detach();
      session.close();
    });
    session.onClose(() => {
      clearInterval(keepAlive);
      res.end();
    });
  }

  /** POST …/message?session_id=…: 202 at once; answers go out on the session's stream. */
  async post(
    req: IncomingMessage,
    res: ServerResponse,
    scope: string | null,
    sessionId: string | null,
    note?: AccessNote,
  ): Promise<void> {
    if (!sessionId) {
      req.resume();
      sendRpcError(res, 400, 'Bad Request: session_id query parameter is required');
      return;
    }
    const session = this.sessions.get(sessionId);
    if (!session || session.serverId !== scope || !session.hasChannel) {
      req.resume();
      sendRpcError(res, 404, 'Session not found: open a new SSE stream', -32001);
      return;
    }
    const parsed = await readJsonRpcBody(req, res, this.config.maxRequestSize);
    if (!parsed) return;
    if (note) note.body = parsed.value;
    res.writeHead(202, { 'content-type': 'text/plain' }).end('Accepted');
    const { responses, batch } = await this.processor.process(session, parsed.value);
    if (batch && responses.length > 0) session.send(responses);
    else for (const response of responses) session.send(response);
  }
}
