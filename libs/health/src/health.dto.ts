import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DatabaseStatusDto {
  @ApiProperty({ enum: ['sqlite', 'postgres'], description: 'Database dialect in use' })
  dialect!: 'sqlite' | 'postgres';
  @ApiProperty({ description: 'Whether a trivial query succeeded just now' })
  reachable!: boolean;
  @ApiPropertyOptional({ description: 'Round trip of that query, in milliseconds' })
  latencyMs?: number;
  @ApiPropertyOptional({ description: 'Why the database is unreachable' })
  error?: string;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['healthy', 'unhealthy'], example: 'healthy' })
  status!: 'healthy' | 'unhealthy';
  @ApiProperty({ type: DatabaseStatusDto })
  database!: DatabaseStatusDto;
}

export class CacheStatusDto {
  @ApiProperty({ enum: ['none', 'memory', 'redis'] })
  backend!: 'none' | 'memory' | 'redis';
  @ApiProperty()
  reachable!: boolean;
  @ApiPropertyOptional()
  error?: string;
}

export class ReadyResponseDto {
  @ApiProperty({ enum: ['ready', 'not ready'] })
  status!: 'ready' | 'not ready';
  @ApiProperty({ type: DatabaseStatusDto })
  database!: DatabaseStatusDto;
  @ApiProperty({ type: CacheStatusDto })
  cache!: CacheStatusDto;
}

export class AppVersionDto {
  @ApiProperty({ example: 'MCP Gateway' })
  name!: string;
  @ApiProperty({ example: '0.1.0' })
  version!: string;
  @ApiProperty({ description: 'MCP protocol versions the gateway speaks', type: [String] })
  mcpProtocolVersions!: string[];
}

export class PlatformDto {
  @ApiProperty({ example: 'v20.20.2' })
  node!: string;
  @ApiProperty({ example: 'linux' })
  os!: string;
  @ApiProperty({ example: 'x64' })
  arch!: string;
  @ApiProperty()
  hostname!: string;
  @ApiProperty()
  pid!: number;
}

export class FeaturesDto {
  @ApiProperty({ type: [String], description: 'MCP transports turned on by TRANSPORT_TYPE' })
  transports!: string[];
  @ApiProperty()
  authRequired!: boolean;
  @ApiProperty()
  federation!: boolean;
  @ApiProperty()
  federationDiscovery!: boolean;
  @ApiProperty()
  adminUi!: boolean;
  @ApiProperty()
  adminApi!: boolean;
  @ApiProperty()
  cors!: boolean;
  @ApiProperty({ description: 'Streamable HTTP keeps sessions' })
  statefulSessions!: boolean;
}

export class VersionResponseDto {
  @ApiProperty({ type: AppVersionDto })
  app!: AppVersionDto;
  @ApiProperty({ type: PlatformDto })
  platform!: PlatformDto;
  @ApiProperty({ type: DatabaseStatusDto })
  database!: DatabaseStatusDto;
  @ApiProperty({ type: CacheStatusDto })
  cache!: CacheStatusDto;
  @ApiProperty({ type: FeaturesDto })
  features!: FeaturesDto;
  @ApiProperty({ description: 'Seconds since the process started' })
  uptimeSeconds!: number;
  @ApiProperty({ description: 'When this answer was produced (ISO 8601)' })
  timestamp!: string;
}
