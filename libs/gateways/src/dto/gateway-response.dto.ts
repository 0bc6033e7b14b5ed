import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UpstreamAuthResponseDto } from '@app/common';

/** What the last import from an upstream did. */
export class GatewayImportDto {
  @ApiProperty()
  created!: number;
  @ApiProperty()
  updated!: number;
  @ApiProperty()
  deleted!: number;
  @ApiProperty({
    description: 'Entities not imported, with why (e.g. their URI belongs to something else)',
    type: 'array',
    items: {
      type: 'object',
      properties: { kind: { type: 'string' }, key: { type: 'string' }, reason: { type: 'string' } },
    },
  })
  skipped!: { kind: string; key: string; reason: string }[];
}

/** An upstream as the API returns it (credentials masked). */
export class GatewayResponseDto {
  @ApiProperty({ example: '6c1e1c0f7b2c4c39a1a5d1d7f5b0c3e2' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: 'Prefix of imported tool and prompt names (with GATEWAY_TOOL_NAME_SEPARATOR)' })
  slug!: string;
  @ApiProperty()
  url!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ enum: ['SSE', 'STREAMABLEHTTP'] })
  transport!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'What the upstream declared in its initialize answer',
  })
  capabilities!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: UpstreamAuthResponseDto })
  auth!: UpstreamAuthResponseDto | null;
  @ApiProperty()
  isActive!: boolean;
  @ApiProperty({ description: 'False once UNHEALTHY_THRESHOLD health checks in a row have failed' })
  reachable!: boolean;
  @ApiProperty({ description: 'Health checks failed in a row' })
  consecutiveFailures!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the latest check or import failed' })
  lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  lastSeen!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  @ApiPropertyOptional({ type: GatewayImportDto, description: 'Set on answers that imported' })
  imported?: GatewayImportDto;
}

/** Answer of DELETE and toggle. */
export class GatewayStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ type: GatewayResponseDto })
  gateway?: GatewayResponseDto;
}
