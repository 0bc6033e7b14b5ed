import { hostname } from 'node:os';
import { Controller, Get } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { appInfo, CacheBackend, DatabaseHealth, GatewayConfig } from '@app/common';
import { VersionResponseDto } from './health.dto.js';

@ApiTags('Health')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller()
export class VersionController {
  constructor(
    private readonly config: GatewayConfig,
    private readonly database: DatabaseHealth,
    private readonly cache: CacheBackend,
  ) {}

  @Get('version')
  @ApiOperation({
    operationId: 'getVersion',
    summary: 'Version, platform, database and cache status, enabled features',
  })
  @ApiResponse({ status: 200, type: VersionResponseDto })
  @ApiResponse({ status: 401, description: 'Missing or invalid credentials' })
  async getVersion(): Promise<VersionResponseDto> {
    const [database, cache] = await Promise.all([this.database.check(), this.cache.check()]);
    const t = this.config.transportType;
    return {
      app: {
        name: this.config.appName,
        version: appInfo().version,
        mcpProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS],
      },
      platform: {
        node: process.version,
        os: process.platform,
        arch: process.arch,
        hostname: hostname(),
        pid: process.pid,
      },
      database,
      cache,
      features: {
        transports: t === 'all' ? ['http', 'sse', 'ws', 'stdio'] : [t],
        authRequired: this.config.authRequired,
        federation: this.config.federationEnabled,
        federationDiscovery: this.config.federationDiscovery,
        adminUi: this.config.uiEnabled,
        adminApi: this.config.adminApiEnabled,
        cors: this.config.corsEnabled,
        statefulSessions: this.config.useStatefulSessions,
      },
      uptimeSeconds: Math.round(process.uptime()),
      timestamp: new Date().toISOString(),
    };
  }
}
