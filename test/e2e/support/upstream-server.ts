import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';

export interface UpstreamOptions {
  /** Distinguishes two upstreams in answers (`<label>:<text>`). */
  label: string;
  /** Basic or bearer value the upstream requires in Authorization, if any. */
  requireAuthorization?: string;
  port?: number;
}

/** A real MCP server (SDK `Server`) for e2e tests, on Streamable HTTP (`/mcp`) and HTTP+SSE (`/sse`). */
export interface Upstream {
  url: string;
  port: number;
  /** Requests that reached /mcp or /messages, by JSON-RPC method. */
  calls: string[];
  /** Tool names offered now; `addTool` grows it and tells connected sessions. */
  addTool(name: string): void;
  /** Calls of `slow` that were cancelled (their signal aborted). */
  cancelled: number;
  stop(): Promise<void>;
}

const TOOLS: Tool[] = [
  {
    name: 'echo',
    description: 'Echoes its text',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
  },
  {
    name: 'slow',
    description: 'Reports progress every 50 ms for `ms` milliseconds',
    inputSchema: { type: 'object', properties: { ms: { type: 'number' } } },
  },
  {
    name: 'ask',
    description: 'Asks the client to sample a completion and returns it',
    inputSchema: { type: 'object', properties: { question: { type: 'string' } } },
  },
  {
    name: 'fail',
    description: 'Always reports an error',
    inputSchema: { type: 'object', properties: {} },
  },
  {
    name: 'meta',
    description: 'Returns the _meta it received',
    inputSchema: { type: 'object', properties: {} },
  },
];

/** Starts an upstream MCP server on 127.0.0.1 (a given port lets a test restart it at the same address). */
export async function startUpstream(options: UpstreamOptions): Promise<Upstream> {
  const { label } = options;
  const tools = [...TOOLS];
  const servers = new Set<Server>();
  const calls: string[] = [];
  const state = { cancelled: 0 };

  const build = (): Server => {
    const server = new Server(
      { name: `upstream-${label}`, version: '1.0.0' },
      {
        capabilities: {
          tools: { listChanged: true },
          resources: {},
          prompts: {},
          completions: {},
        },
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
      const args = request.params.arguments ?? {};
      switch (request.params.name) {
        case 'echo':
          return { content: [{ type: 'text', text: `${label}:${String(args.text)}` }] };
        case 'add': {
          const sum = Number(args.a) + Number(args.b);
          return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
        }
        case 'slow': {
          const token = request.params._meta?.progressToken;
          const ms = Number(args.ms ?? 200);
          for (let elapsed = 0; elapsed < ms; elapsed += 50) {
            if (extra.signal.aborted) {
              state.cancelled++;
              return { content: [{ type: 'text', text: 'cancelled' }], isError: true };
            }
            if (token !== undefined)
              await extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken: token, progress: elapsed, total: ms, message: `${elapsed} ms` },
              });
            await new Promise((r) => setTimeout(r, 50));
          }
          if (extra.signal.aborted) state.cancelled++;
          return { content: [{ type: 'text', text: `${label}:slept ${ms}` }] };
        }
        case 'ask': {
          const answer = await extra.sendRequest(
            {
              method: 'sampling/createMessage',
              params: {
                messages: [{ role: 'user', content: { type: 'text', text: String(args.question) } }],
                maxTokens: 50,
              },
            },
            CreateMessageResultSchema,
          );
          const content = answer.content as { type: string; text?: string };
          return { content: [{ type: 'text', text: `${label}:sampled ${content.text ?? ''}` }] };
        }
        case 'fail':
          return { content: [{ type: 'text', text: `${label}:it went wrong` }], isError: true };
        case 'meta':
          return { content: [{ type: 'text', text: JSON.stringify(request.params._meta ?? {}) }] };
        default:
          if (tools.some((t) => t.name === request.params.name))
            return { content: [{ type: 'text', text: `${label}:${request.params.name}` }] };
          throw new Error(`unknown tool ${request.params.name}`);
      }
    });
    server.setRequestHandler(ListResourcesRequestSchema, () => ({
      resources: [
        { uri: `test://${label}/readme`, name: 'readme', mimeType: 'text/plain', description: 'A text' },
      ],
    }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
      resourceTemplates: [
        { uriTemplate: `test://${label}/items/{id}`, name: 'item', mimeType: 'text/plain' },
      ],
    }));
    server.setRequestHandler(ReadResourceRequestSchema, (request) => {
      const uri = request.params.uri;
      if (uri === `test://${label}/readme`)
        return { contents: [{ uri, mimeType: 'text/plain', text: `${label} readme` }] };
      const item = new RegExp(`^test://${label}/items/(.+)$`).exec(uri);
      if (item) return { contents: [{ uri, mimeType: 'text/plain', text: `${label} item ${item[1]}` }] };
      throw Object.assign(new Error(`no resource ${uri}`), { code: -32002 });
    });
    server.setRequestHandler(ListPromptsRequestSchema, () => ({
      prompts: [
        {
          name: 'greet',
          description: 'Greets someone',
          arguments: [{ name: 'name', description: 'Who', required: true }],
        },
      ],
    }));
    server.setRequestHandler(GetPromptRequestSchema, (request) => ({
      description: 'A greeting',
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `${label} says hello to ${request.params.arguments?.name ?? '?'}` },
        },
      ],
    }));
    server.setRequestHandler(CompleteRequestSchema, (request) => ({
      completion: {
        values: ['Ada', 'Alan', 'Grace'].filter((v) => v.startsWith(request.params.argument.value)),
        hasMore: false,
      },
    }));
    servers.add(server);
    server.onclose = () => servers.delete(server);
    return server;
  };

  const streamable = new Map<string, StreamableHTTPServerTransport>();
  const sse = new Map<string, SSEServerTransport>();

  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  };
  const note = (body: unknown) => {
    for (const message of Array.isArray(body) ? body : [body])
      if (message && typeof message === 'object' && 'method' in message) calls.push(String(message.method));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.requireAuthorization && req.headers.authorization !== options.requireAuthorization) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname === '/mcp') {
      const id = req.headers['mcp-session-id'];
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      note(body);
      let transport = typeof id === 'string' ? streamable.get(id) : undefined;
      if (!transport) {
        if (typeof id === 'string') {
          res.writeHead(404).end('unknown session');
          return;
        }
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            streamable.set(sid, transport as StreamableHTTPServerTransport);
          },
        });
        transport.onclose = () => {
          if (transport?.sessionId) streamable.delete(transport.sessionId);
        };
        await build().connect(transport);
      }
      await transport.handleRequest(req, res, body);
      return;
    }
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      sse.set(transport.sessionId, transport);
      transport.onclose = () => sse.delete(transport.sessionId);
      await build().connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = sse.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) {
        res.writeHead(404).end('unknown session');
        return;
      }
      const body = await readBody(req);
      note(body);
      await transport.handlePostMessage(req, res, body);
      return;
    }
    res.writeHead(404).end('not found');
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('upstream failure');
    });
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    get cancelled() {
      return state.cancelled;
    },
    addTool(name: string) {
      tools.push({ name, description: `added ${name}`, inputSchema: { type: 'object', properties: {} } });
      for (const server of servers) void server.sendToolListChanged().catch(() => undefined);
    },
    async stop() {
      await Promise.all([...servers].map((s) => s.close().catch(() => undefined)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
