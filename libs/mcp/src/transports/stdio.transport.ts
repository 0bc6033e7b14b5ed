import type { Readable, Writable } from 'node:stream';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '@app/auth';
import { GatewayConfig, GatewayLogger } from '@app/common';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { errorResponse, parseBody, serializeMessage, type JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { McpSession } from '../session/mcp-session.js';
import { SessionRegistry } from '../session/session-registry.js';
import { LineSplitter } from './line-splitter.js';

/** Why a stdio session ended: the client closed stdin (or stdout broke), or the gateway is shutting down. */
export type StdioEnd = 'client' | 'shutdown';

/**
 * MCP over the process's own stdin/stdout (TRANSPORT_TYPE=stdio): one session on the whole catalogue,
 * newline-delimited JSON-RPC both ways, server-initiated messages included. Owns framing and the session's life.
 */
@Injectable()
export class StdioTransport implements OnApplicationShutdown {
  private stop?: (why: StdioEnd) => void;

  constructor(
    private readonly sessions: SessionRegistry,
    private readonly processor: MessageProcessor,
    private readonly config: GatewayConfig,
    private readonly logger: GatewayLogger,
  ) {}

  /**
   * Serves one session on `input`/`output` until the client closes `input` (or `output` fails), or the gateway
   * shuts down; resolves with which of the two happened. Nothing but JSON-RPC is ever written to `output`.
   */
  serve(input: Readable, output: Writable): Promise<StdioEnd> {
    if (this.stop) return Promise.reject(new Error('the stdio transport already serves a session'));
    // No authentication on stdio, on purpose: whoever holds this process's stdin started the process (or was
    // handed its pipes by the user who did), so they already have everything the gateway's configuration
    // grants. The session acts as the gateway's administrator, the user who owns the process.
    const principal: Principal = {
      username: this.config.authRequired ? this.config.basicAuthUser : 'anonymous',
      method: 'anonymous',
    };
    const session = this.sessions.create(null, principal);

    const write = (message: JsonRpcMessage | JsonRpcMessage[]) => {
      if (output.writable) output.write(`${serializeMessage(message)}\n`);
    };
    const detach = session.attach(write);
    const splitter = new LineSplitter(
      this.config.maxRequestSize,
      (line) => this.receive(session, line),
      () =>
        session.send(
          errorResponse(
            null,
            ErrorCode.InvalidRequest,
            `Message too large: a line may be at most ${this.config.maxRequestSize} bytes; it was discarded`,
          ),
        ),
    );

    const onData = (chunk: Buffer | string) =>
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onEnd = () => {
      splitter.end();
      finish('client');
    };
    const onInputError = () => finish('client');
    const onOutputError = (error: Error) => {
      this.logger.pino.warn({ context: 'StdioTransport', error: error.message }, 'stdout failed');
      finish('client');
    };

    let resolveEnd!: (why: StdioEnd) => void;
    const ended = new Promise<StdioEnd>((resolve) => (resolveEnd = resolve));
    const finish = (why: StdioEnd) => {
      if (this.stop !== finish) return;
      this.stop = undefined;
      input.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onInputError);
      output.off('error', onOutputError);
      input.pause();
      detach();
      session.close();
      this.logger.pino.info({ context: 'StdioTransport', reason: why }, 'MCP session on stdio ended');
      resolveEnd(why);
    };
    this.stop = finish;

    input.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onInputError);
    output.on('error', onOutputError);
    this.logger.pino.info({ context: 'StdioTransport', session: session.id }, 'MCP session on stdio');
    return ended;
  }

  onApplicationShutdown(): void {
    this.stop?.('shutdown');
  }

  /** One line from the client: a message or a batch; a parse failure is answered and the session goes on. */
  private receive(session: McpSession, line: string): void {
    const parsed = parseBody(line);
    if (!parsed.ok) {
      session.send(parsed.error);
      return;
    }
    session.lastSeen = Date.now();
    void this.processor.process(session, parsed.value).then(({ responses, batch }) => {
      if (responses.length > 0) session.send(batch ? responses : responses[0]);
    });
  }
}
