import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '@app/auth';
import { GatewayConfig } from '@app/common';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { readJsonRpcBody, sendJson, sendRpcError, startEventStream, writeEvent } from '../http/http-io.js';
import { PROTOCOL_VERSIONS } from '../protocol/versions.js';
import type { McpSession } from '../session/mcp-session.js';
import { SessionRegistry } from '../session/session-registry.js';
import type { AccessNote } from './access-note.js';

const SESSION_HEADER = 'mcp-session-id';

function isInitialize(body: unknown): boolean {
  const first = Array.isArray(body) ? (body as unknown[])[0] : body;
  return (
    typeof first === 'object' && first !== null && (first as { method?: unknown }).method === 'initialize'
  );
}

function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}

/** Whether the body holds a request (notifications and answers alone get 202). */
function hasRequest(body: unknown): boolean {
  const messages = Array.isArray(body) ? (body as unknown[]) : [body];
  return messages.some((m) => typeof m === 'object' && m !== null && 'method' in m && 'id' in m);
}

/** Whether a request of the body carries a progress token (a client that wants to hear progress). */
function asksForProgress(body: unknown): boolean {
  const messages = Array.isArray(body) ? (body as unknown[]) : [body];
  return messages.some((m) => {
    const meta = (m as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta;
    return meta?.progressToken !== undefined;
  });
}

/**
 * The Streamable HTTP transport (MCP 2025-03-26 and later) on `/mcp` and `/servers/{id}/mcp`.
 * Stateless by default (USE_STATEFUL_SESSIONS=false): every POST is a session of its own, and GET/DELETE are
 * 405. Stateful: `initialize` opens a session named by the `Mcp-Session-Id` header, a missing header is 400, an
 * unknown or expired one 404, GET opens the stream of server-initiated messages and DELETE ends the session.
 * Answers are JSON (JSON_RESPONSE_ENABLED=true) or one SSE stream per POST. Without sessions, a client that
 * hangs up before its answer has no other way to cancel, so that stops its calls (and their upstream requests).
 */
@Injectable()
export class StreamableHttpTransport {
  constructor(
    private readonly sessions: SessionRegistry,
    private readonly processor: MessageProcessor,
    private readonly config: GatewayConfig,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    scope: string | null,
    principal: Principal,
    note?: AccessNote,
  ): Promise<void> {
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !PROTOCOL_VERSIONS.includes(version)) {
      sendRpcError(res, 400, `Bad Request: unsupported MCP-Protocol-Version ${version.slice(0, 40)}`);
      return;
    }
    if (req.method === 'POST') return this.post(req, res, scope, principal, note);
    if (req.method === 'GET') return this.openStream(req, res, scope);
    if (req.method === 'DELETE') return this.end(req, res, scope);
    req.resume();
    sendRpcError(res, 405, 'Method not allowed', ErrorCode.ConnectionClosed, { allow: 'GET, POST, DELETE' });
  }

  private async post(
    req: IncomingMessage,
    res: ServerResponse,
    scope: string | null,
    principal: Principal,
    note: AccessNote | undefined,
  ): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      sendRpcError(res, 415, 'Unsupported Media Type: Content-Type must be application/json');
      return;
    }
    const parsed = await readJsonRpcBody(req, res, this.config.maxRequestSize);
    if (!parsed) return;
    if (note) note.body = parsed.value;

    let session: McpSession;
    let transient = false;
    const headers: Record<string, string> = {};
    if (!this.config.useStatefulSessions) {
      session = this.sessions.transient(scope, principal);
      transient = true;
      // Closing the session aborts what is in flight; after a complete answer there is nothing left to abort.
      res.once('close', () => session.close());
    } else if (isInitialize(parsed.value)) {
      session = this.sessions.create(scope, principal);
      headers['mcp-session-id'] = session.id;
    } else {
      const found = this.lookup(req, res, scope);
      if (!found) return;
      session = found;
    }

    // A session of one POST has no other channel for what comes before the answer (progress, log messages):
    // its answer is an SSE stream opened at once when SSE answers are on, or when the client asked for progress.
    const streamNow =
      transient &&
      hasRequest(parsed.value) &&
      acceptsEventStream(req) &&
      (!this.config.jsonResponseEnabled || asksForProgress(parsed.value));
    let detach: (() => void) | undefined;
    if (streamNow) {
      startEventStream(res, headers);
      detach = session.attach((message) => writeEvent(res, message, 'message'));
    }
    try {
      const { responses, hadRequests, batch } = await this.processor.process(session, parsed.value);
      detach?.();
      if (streamNow) {
        for (const response of responses) writeEvent(res, response, 'message');
        res.end();
        return;
      }
      if (!hadRequests) {
        res.writeHead(202, headers).end();
        return;
      }
      const answer = batch ? responses : responses[0];
      if (this.config.jsonResponseEnabled) {
        sendJson(res, 200, answer, headers);
      } else {
        startEventStream(res, headers);
        for (const response of responses) writeEvent(res, response, 'message');
        res.end();
      }
    } finally {
      detach?.();
      if (transient) session.close();
    }
  }

  private openStream(req: IncomingMessage, res: ServerResponse, scope: string | null): void {
    if (!this.config.useStatefulSessions) {
      sendRpcError(
        res,
        405,
        'Method not allowed: this gateway runs Streamable HTTP without sessions (no server-initiated stream)',
        ErrorCode.ConnectionClosed,
        { allow: 'POST' },
      );
      return;
    }
    const session = this.lookup(req, res, scope);
    if (!session) return;
    startEventStream(res, { 'mcp-session-id': session.id });
    const detach = session.attach((message) => writeEvent(res, message, 'message'));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000).unref();
    const stop = () => {
      clearInterval(keepAlive);
      detach();
    };
    req.on('close', stop);
    session.onClose(() => {
      stop();
      res.end();
    });
  }

  private end(req: IncomingMessage, res: ServerResponse, scope: string | null): void {
    if (!this.config.useStatefulSessions) {
      sendRpcError(
        res,
        405,
        'Method not allowed: this gateway runs Streamable HTTP without sessions',
        ErrorCode.ConnectionClosed,
        { allow: 'POST' },
      );
      return;
    }
    const session = this.lookup(req, res, scope);
    if (!session) return;
    session.close();
    res.writeHead(200).end();
  }

  /** The session named by the header, or an answer: 400 when the header is missing, 404 when unknown. */
  private lookup(req: IncomingMessage, res: ServerResponse, scope: string | null): McpSession | undefined {
    const id = req.headers[SESSION_HEADER];
    if (typeof id !== 'string' || id.length === 0) {
      sendRpcError(res, 400, 'Bad Request: Mcp-Session-Id header is required (send initialize first)');
      return undefined;
    }
    const session = this.sessions.get(id);
    if (!session || session.serverId !== scope) {
      sendRpcError(res, 404, 'Session not found: it expired or was ended; initialize a new one', -32001);
      return undefined;
    }
    return session;
  }
}
