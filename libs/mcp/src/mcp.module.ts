import { Module } from '@nestjs/common';
import { GatewaysModule } from '@app/gateways';
import { MetricsModule } from '@app/metrics';
import { PromptsModule } from '@app/prompts';
import { ResourcesModule } from '@app/resources';
import { ServersModule } from '@app/servers';
import { ToolsModule } from '@app/tools';
import { McpCatalog } from './catalog/mcp-catalog.js';
import { McpDispatcher } from './dispatch/mcp-dispatcher.js';
import { MessageProcessor } from './dispatch/message-processor.js';
import { McpHttpEntry } from './http/mcp-http-entry.js';
import { ProtocolController } from './protocol-api/protocol.controller.js';
import { SessionNotifier } from './session/session-notifier.js';
import { SessionRegistry } from './session/session-registry.js';
import { SseTransport } from './transports/sse.transport.js';
import { StdioTransport } from './transports/stdio.transport.js';
import { StreamableHttpTransport } from './transports/streamable-http.transport.js';
import { WebSocketTransport } from './transports/websocket.transport.js';
import { RpcTransport } from './transports/rpc.transport.js';

/** The MCP server surface: transports, sessions, dispatch onto the registries. */
@Module({
  imports: [ToolsModule, ResourcesModule, PromptsModule, ServersModule, GatewaysModule, MetricsModule],
  providers: [
    McpCatalog,
    McpDispatcher,
    MessageProcessor,
    SessionRegistry,
    SessionNotifier,
    StreamableHttpTransport,
    SseTransport,
    WebSocketTransport,
    RpcTransport,
    StdioTransport,
    McpHttpEntry,
  ],
  controllers: [ProtocolController],
  exports: [McpHttpEntry, StdioTransport, SessionRegistry, McpCatalog],
})
export class McpModule {}
