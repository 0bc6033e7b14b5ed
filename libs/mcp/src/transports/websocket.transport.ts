import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Principal } from '@app/auth';
import { GatewayConfig } from '@app/common';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { parseBody, serializeMessage } from '../protocol/jsonrpc.js';
import { SessionRegistry } from '../session/session-registry.js';

/**
 * MCP over WebSocket on `/ws` and `/servers/{id}/ws`: one session per connection, JSON-RPC messages as text
 * frames both ways, pings every WEBSOCKET_PING_INTERVAL seconds (a peer that misses one is dropped).
 */
@Injectable()
export class WebSocketTransport implements OnApplicationShutdown {
  private readonly wss: WebSocketServer;

  constructor(
    private readonly sessions: SessionRegistry,
    private readonly processor: MessageProcessor,
    private readonly config: GatewayConfig,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.maxRequestSize });
  }

  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    scope: string | null,
    principal: Principal,
  ): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, scope, principal));
  }

  onApplicationShutdown(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private serve(ws: WebSocket, scope: string | null, principal: Principal): void {
    const session = this.sessions.create(scope, principal);
    const detach = session.attach((message) => {
      if (ws.readyState === ws.OPEN) ws.send(serializeMessage(message));
    });
    let alive = true;
    ws.on('pong', () => (alive = true));
    const pinger = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, this.config.websocketPingInterval * 1000).unref();

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary
        ? ''
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      const parsed = parseBody(text);
      if (!parsed.ok) {
        session.send(parsed.error);
        return;
      }
      void this.processor.process(session, parsed.value).then(({ responses, batch }) => {
        if (responses.length === 0) return;
        session.send(batch ? responses : responses[0]);
      });
    });
    ws.on('close', () => {
      clearInterval(pinger);
      detach();
      session.close();
    });
    ws.on('error', () => ws.terminate());
  }
}
