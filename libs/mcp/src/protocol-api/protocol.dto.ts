import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Alias } from '@app/common';

/** Body of POST /protocol/initialize (the reference's snake_case names are accepted). */
export class ProtocolInitializeDto {
  @ApiProperty({
    example: '2025-03-26',
    description: 'Protocol version the client speaks (alias protocol_version)',
  })
  @Alias('protocol_version')
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  protocolVersion!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Client capabilities' })
  @IsOptional()
  @IsObject()
  capabilities?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { name: 'MyClient', version: '1.0.0' },
    description: 'alias client_info',
  })
  @Alias('client_info')
  @IsOptional()
  @IsObject()
  clientInfo?: Record<string, unknown>;
}

/** Body of POST /protocol/ping: a JSON-RPC ping request. */
export class ProtocolPingDto {
  @ApiProperty({ example: '2.0' })
  @Equals('2.0', { message: 'jsonrpc must be "2.0"' })
  jsonrpc!: string;

  @ApiProperty({ example: 1, oneOf: [{ type: 'string' }, { type: 'number' }] })
  @ValidateIf((o: ProtocolPingDto) => typeof o.id !== 'number')
  @IsString({ message: 'id must be a string or a number' })
  id!: string | number;

  @ApiProperty({ example: 'ping' })
  @Equals('ping', { message: 'method must be "ping"' })
  method!: string;
}

/** Body of POST /protocol/notifications: a client notification. */
export class ProtocolNotificationDto {
  @ApiProperty({
    enum: ['notifications/initialized', 'notifications/cancelled', 'notifications/message'],
    example: 'notifications/initialized',
  })
  @IsIn(['notifications/initialized', 'notifications/cancelled', 'notifications/message'], {
    message: 'method must be notifications/initialized, notifications/cancelled or notifications/message',
  })
  method!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

/** Body of POST /protocol/completion/complete. */
export class ProtocolCompleteDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { type: 'ref/prompt', name: 'greet' } })
  @IsObject()
  ref!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { name: 'user', value: 'al' } })
  @IsObject()
  argument!: Record<string, unknown>;
}

/** Body of POST /protocol/sampling/createMessage (MCP CreateMessageRequest params). */
export class ProtocolCreateMessageDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ role: 'user', content: { type: 'text', text: 'Hello' } }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  messages!: Record<string, unknown>[];

  @ApiProperty({ example: 16 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxTokens!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  systemPrompt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  temperature?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  stopSequences?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  modelPreferences?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['none', 'thisServer', 'allServers'] })
  @IsOptional()
  @IsIn(['none', 'thisServer', 'allServers'])
  includeContext?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
