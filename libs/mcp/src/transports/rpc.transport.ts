import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { GatewayConfig } from '@app/common';
import { McpCatalog } from '../catalog/mcp-catalog.js';
import { MessageProcessor } from '../dispatch/message-processor.js';
import { readJsonRpcBody, sendJson, sendRpcError } from '../http/http-io.js';
import { SessionRegistry } from '../session/session-registry.js';
import type { AccessNote } from './access-note.js';

/** The reference's shorthand method names on /rpc, and the MCP methods they stand for. */
const ALIASES: Record<string, string> = {
  list_tools: 'tools/list',
  list_resources: 'resources/list',
  list_resource_templates: 'resources/templates/list',
  read_resource: 'resources/read',
  list_prompts: 'prompts/list',
  get_prompt: 'prompts/get',
};

const MCP_METHOD = /^[a-z]+\/[A-Za-z/]+$|^(initialize|ping)$/;

/**
 * `POST /rpc`: the reference's JSON-RPC utility. Takes MCP methods, the shorthand names (`list_tools`, …), or a
 * registered tool's name as the method (its params become the tool's arguments). Each request is answered at
 * once as JSON, without a session.
 */
@Injectable()
export class RpcTransport {
  constructor(
    private readonly sessions: SessionRegistry,
    private readonly processor: MessageProcessor,
    private readonly catalog: McpCatalog,
    private readonly config: GatewayConfig,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    note?: AccessNote,
  ): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      sendRpcError(res, 405, 'Method not allowed: POST a JSON-RPC request', -32600, { allow: 'POST' });
      return;
    }
    const parsed = await readJsonRpcBody(req, res, this.config.maxRequestSize);
    if (!parsed) return;
    if (note) note.body = parsed.value;
    const body = Array.isArray(parsed.value)
      ? await Promise.all((parsed.value as unknown[]).map((m) => this.translate(m)))
      : await this.translate(parsed.value);
    const session = this.sessions.transient(null, principal);
    // No session outlives the request, so a caller hanging up is its only way to cancel: stop the calls.
    res.once('close', () => session.close());
    try {
      const { responses, hadRequests, batch } = await this.processor.process(session, body);
      if (!hadRequests) res.writeHead(202).end();
      else sendJson(res, 200, batch ? responses : responses[0]);
    } finally {
      session.close();
    }
  }

  /** Rewrites a shorthand or tool-name method into the MCP request it stands for; anything else is left as is. */
  private async translate(message: unknown): Promise<unknown> {
    if (typeof message !== 'object' || message === null) return message;
    const { method, params } = message as { method?: unknown; params?: unknown };
    if (typeof method !== 'string') return message;
    const alias = ALIASES[method];
    if (alias) return { ...message, method: alias };
    if (MCP_METHOD.test(method)) return message;
    const view = await this.catalog.view(null);
    if (view?.tools.has(method))
      return { ...message, method: 'tools/call', params: { name: method, arguments: params ?? {} } };
    return message;
  }
}
