import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuthException, CredentialsVerifier, type Principal } from '@app/auth';
import {
  accessLevel,
  callerCorrelationId,
  elapsedMs,
  GatewayConfig,
  GatewayLogger,
  pathOf,
} from '@app/common';
import { McpCatalog } from '../catalog/mcp-catalog.js';
import { rpcMethods, type AccessNote } from '../transports/access-note.js';
import { SseTransport } from '../transports/sse.transport.js';
import { StreamableHttpTransport } from '../transports/streamable-http.transport.js';
import { WebSocketTransport } from '../transports/websocket.transport.js';
import { RpcTransport } from '../transports/rpc.transport.js';
import { sendJson, sendRpcError } from './http-io.js';

type Route = { kind: 'mcp' | 'sse' | 'message' | 'ws' | 'rpc'; scope: string | null; base: string };

const SERVER_ROUTE = /^\/servers\/([A-Za-z0-9_-]{1,64})\/(mcp|sse|message|ws)\/?$/;
const EXPOSED_HEADERS = 'Mcp-Session-Id, X-Correlation-ID';

/**
 * The MCP data path, served ahead of Express on the same HTTP server: per DESIGN.md's measurements the Nest
 * controller pipeline costs several times a raw handler, so MCP requests are routed here (auth, CORS, transport)
 * and everything else falls through to Nest untouched.
 */
@Injectable()
export class McpHttpEntry {
  private readonly root: string;
  private readonly http: boolean;
  private readonly sse: boolean;
  private readonly ws: boolean;

  constructor(
    private readonly config: GatewayConfig,
    private readonly verifier: CredentialsVerifier,
    private readonly catalog: McpCatalog,
    private readonly streamable: StreamableHttpTransport,
    private readonly sseTransport: SseTransport,
    private readonly wsTransport: WebSocketTransport,
    private readonly rpc: RpcTransport,
    private readonly logger: GatewayLogger,
  ) {
    this.root = config.appRootPath;
    this.http = config.transportType === 'all' || config.transportType === 'http';
    this.sse = config.transportType === 'all' || config.transportType === 'sse';
    this.ws = config.transportType === 'all' || config.transportType === 'ws';
  }

  /** Puts the MCP routes in front of the server's existing request handler (Express). */
  attach(server: Server): void {
    const fallthrough = server.listeners('request') as ((
      req: IncomingMessage,
      res: ServerResponse,
    ) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const route = this.route(req.url ?? '/');
      if (!route) {
        for (const listener of fallthrough) listener.call(server, req, res);
        return;
      }
      // The access line costs a listener and a log write per request: only when the level lets it out.
      const note = this.logger.pino.isLevelEnabled('info') ? this.track(req, res) : undefined;
      this.serve(req, res, route, note).catch((error: unknown) => {
        this.logger.pino.error(
          { context: 'McpHttpEntry', error: String(error), correlationId: note?.correlationId },
          'MCP request failed',
        );
        if (!res.headersSent) sendRpcError(res, 500, 'Internal error', -32603);
        else res.end();
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const route = this.route(req.url ?? '/');
      if (route?.kind !== 'ws') {
        socket.destroy();
        return;
      }
      void this.upgrade(req, socket, head, route);
    });
  }

  /** WebSocket handshake: the same credentials as every other route, checked before the upgrade. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: Route): Promise<void> {
    const refuse = (status: number, text: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`,
      );
    };
    let principal: Principal;
    try {
      principal = this.verifier.authenticate(req.headers.authorization);
    } catch {
      refuse(401, 'Unauthorized');
      return;
    }
    if (route.scope !== null && !(await this.catalog.view(route.scope).catch(() => undefined))) {
      refuse(404, 'Not Found');
      return;
    }
    this.wsTransport.upgrade(req, socket, head, route.scope, principal);
  }

  /** Which MCP route a URL is, or undefined for everything else. */
  route(url: string): Route | undefined {
    const query = url.indexOf('?');
    let path = query >= 0 ? url.slice(0, query) : url;
    if (this.root) {
      if (!path.startsWith(`${this.root}/`)) return undefined;
      path = path.slice(this.root.length);
    }
    if (path === '/mcp' || path === '/mcp/')
      return this.http ? { kind: 'mcp', scope: null, base: '' } : undefined;
    if (path === '/sse') return this.sse ? { kind: 'sse', scope: null, base: '' } : undefined;
    if (path === '/message') return this.sse ? { kind: 'message', scope: null, base: '' } : undefined;
    if (path === '/ws') return this.ws ? { kind: 'ws', scope: null, base: '' } : undefined;
    if (path === '/rpc') return { kind: 'rpc', scope: null, base: '' };
    const match = SERVER_ROUTE.exec(path);
    if (!match) return undefined;
    const kind = match[2] as Route['kind'];
    if (kind === 'mcp' ? !this.http : kind === 'ws' ? !this.ws : !this.sse) return undefined;
    return { kind, scope: match[1], base: `/servers/${match[1]}` };
  }

  /**
   * The access line of one MCP request, in the shape of the REST one (method, path without query, status,
   * duration, correlation id) plus the JSON-RPC method(s); written when the response closes, so a stream the
   * client hung up on is logged too (`aborted`). Headers, bodies and tokens are never logged.
   */
  private track(req: IncomingMessage, res: ServerResponse): AccessNote {
    const started = process.hrtime.bigint();
    const note: AccessNote = { correlationId: callerCorrelationId(req.headers) ?? randomUUID() };
    res.setHeader('x-correlation-id', note.correlationId);
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : undefined;
      this.logger.pino[accessLevel(status ?? 0)](
        {
          context: 'MCP',
          method: req.method,
          path: pathOf(req.url ?? '/'),
          status,
          durationMs: elapsedMs(started),
          rpc: rpcMethods(note.body),
          correlationId: note.correlationId,
          ...(!res.writableFinished && { aborted: true }),
        },
        'request',
      );
    });
    return note;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    note: AccessNote | undefined,
  ): Promise<void> {
    if (!this.cors(req, res)) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    let principal: Principal;
    try {
      principal = this.verifier.authenticate(req.headers.authorization);
    } catch (error) {
      req.resume();
      const message = error instanceof AuthException ? error.message : 'Unauthorized';
      sendJson(
        res,
        401,
        { jsonrpc: '2.0', id: null, error: { code: -32001, message } },
        { 'www-authenticate': 'Bearer' },
      );
      return;
    }
    if (route.scope !== null) {
      const view = this.catalog.viewOf(route.scope);
      if (!(view instanceof Promise ? await view : view)) {
        req.resume();
        sendRpcError(res, 404, `Virtual server not found or inactive: ${route.scope}`);
        return;
      }
    }
    switch (route.kind) {
      case 'rpc':
        return this.rpc.handle(req, res, principal, note);
      case 'ws':
        req.resume();
        sendRpcError(res, 426, 'Upgrade Required: connect with WebSocket', -32000, { upgrade: 'websocket' });
        return;
      case 'mcp':
        return this.streamable.handle(req, res, route.scope, principal, note);
      case 'sse':
        if (req.method !== 'GET') {
          req.resume();
          sendRpcError(res, 405, 'Method not allowed: open the stream with GET', -32000, { allow: 'GET' });
          return;
        }
        this.sseTransport.open(req, res, route.scope, principal, `${this.root}${route.base}/message`);
        return;
      case 'message': {
        if (req.method !== 'POST') {
          req.resume();
          sendRpcError(res, 405, 'Method not allowed: POST messages here', -32000, { allow: 'POST' });
          return;
        }
        const url = req.url ?? '/';
        const query = url.indexOf('?');
        const sessionId = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('session_id');
        return this.sseTransport.post(req, res, route.scope, sessionId, note);
      }
    }
  }

  /** Applies the CORS policy; false when the request was refused (a disallowed origin's preflight). */
  private cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin || !this.config.corsEnabled) return true;
    const allowed = this.config.allowedOrigins.includes('*') || this.config.allowedOrigins.includes(origin);
    if (!allowed) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return false;
      }
      return true;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        'Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID',
      );
      res.setHeader('access-control-max-age', '600');
    }
    return true;
  }
}
