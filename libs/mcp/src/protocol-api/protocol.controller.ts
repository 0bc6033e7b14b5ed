import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '@app/auth';
import { GatewayConfig, GatewayException, GatewayLogger } from '@app/common';
import { McpDispatcher } from '../dispatch/mcp-dispatcher.js';
import type { JsonRpcResponse } from '../protocol/jsonrpc.js';
import { SessionRegistry } from '../session/session-registry.js';
import {
  ProtocolCompleteDto,
  ProtocolCreateMessageDto,
  ProtocolInitializeDto,
  ProtocolNotificationDto,
  ProtocolPingDto,
} from './protocol.dto.js';

const PROTOCOL_CODES: Record<number, string> = {
  [-32602]: 'INVALID_PARAMS',
  [-32601]: 'METHOD_NOT_FOUND',
  [-32002]: 'RESOURCE_NOT_FOUND',
};

/**
 * The reference's REST-style protocol routes: the same dispatcher as the MCP transports, one short-lived session
 * per request. Protocol errors come back as REST errors (`detail`), with the JSON-RPC code in `code`.
 */
@ApiTags('Protocol')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('protocol')
export class ProtocolController {
  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly sessions: SessionRegistry,
    private readonly logger: GatewayLogger,
    private readonly config: GatewayConfig,
  ) {}

  @Post('initialize')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'protocolInitialize',
    summary: 'MCP initialize: negotiated version, capabilities, server info',
  })
  @ApiOkResponse({ description: 'InitializeResult' })
  protocolInitialize(
    @Req() req: AuthenticatedRequest,
    @Body() dto: ProtocolInitializeDto,
  ): Promise<Record<string, unknown>> {
    return this.call(req, 'initialize', {
      protocolVersion: dto.protocolVersion,
      capabilities: dto.capabilities ?? {},
      clientInfo: dto.clientInfo ?? {},
    });
  }

  @Post('ping')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'protocolPing', summary: 'JSON-RPC ping; answers {jsonrpc, id, result: {}}' })
  @ApiOkResponse({ description: 'JSON-RPC response' })
  async protocolPing(
    @Req() req: AuthenticatedRequest,
    @Body() dto: ProtocolPingDto,
  ): Promise<JsonRpcResponse> {
    return { jsonrpc: '2.0', id: dto.id, result: await this.call(req, 'ping', {}) };
  }

  @Post('notifications')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'protocolNotify',
    summary: 'Client notifications (initialized, cancelled, message); message notifications are logged',
  })
  protocolNotify(@Body() dto: ProtocolNotificationDto): { status: string } {
    if (dto.method === 'notifications/message') {
      this.logger.pino.info(
        { context: 'ClientNotification', level: dto.params?.level, logger: dto.params?.logger },
        'client log message',
      );
    }
    return { status: 'ok' };
  }

  @Post('completion/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'protocolComplete',
    summary: 'Completion of prompt arguments and resource template variables',
  })
  @ApiOkResponse({ description: 'CompleteResult' })
  protocolComplete(
    @Req() req: AuthenticatedRequest,
    @Body() dto: ProtocolCompleteDto,
  ): Promise<Record<string, unknown>> {
    return this.call(req, 'completion/complete', { ref: dto.ref, argument: dto.argument });
  }

  @Post('sampling/createMessage')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'protocolCreateMessage',
    summary:
      'Sampling: relayed to an MCP client of the same user that is connected with a stream and offers sampling; 503 when there is none',
  })
  @ApiOkResponse({ description: 'CreateMessageResult from the client' })
  async protocolCreateMessage(
    @Req() req: AuthenticatedRequest,
    @Body() dto: ProtocolCreateMessageDto,
  ): Promise<Record<string, unknown>> {
    const user = req.principal?.username ?? 'anonymous';
    const candidates = [...this.sessions.all()]
      .filter(
        (s) => s.hasChannel && s.principal.username === user && s.clientCapabilities.sampling !== undefined,
      )
      .sort((a, b) => b.lastSeen - a.lastSeen);
    if (candidates.length === 0) {
      throw new GatewayException(
        'SAMPLING_UNAVAILABLE',
        `No MCP client of ${user} is connected with a stream and the sampling capability; connect one (SSE, WebSocket or a stateful Streamable HTTP session) and retry`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    try {
      return await candidates[0].request(
        'sampling/createMessage',
        { ...dto },
        this.config.toolTimeout * 1000,
      );
    } catch (error) {
      throw new GatewayException(
        'SAMPLING_FAILED',
        `Sampling failed: ${error instanceof Error ? error.message : String(error)}`,
        HttpStatus.BAD_GATEWAY,
      );
    }
  }

  private async call(
    req: AuthenticatedRequest,
    method: string,
    params: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const session = this.sessions.create(
      null,
      req.principal ?? { username: 'anonymous', method: 'anonymous' },
    );
    try {
      const response = await this.dispatcher.handleRequest(session, {
        jsonrpc: '2.0',
        id: 1,
        method,
        params,
      });
      if ('error' in response) {
        const { code, message } = response.error;
        if (code === -32603)
          throw new GatewayException('INTERNAL_ERROR', message, HttpStatus.INTERNAL_SERVER_ERROR);
        throw new GatewayException(
          PROTOCOL_CODES[code] ?? 'PROTOCOL_ERROR',
          message,
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      return response.result;
    } finally {
      session.close();
    }
  }
}
