import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UpstreamAuthResponseDto } from '@app/common';

/** A tool as the API returns it (camelCase, as the reference serialises). Credentials are masked. */
export class ToolResponseDto {
  @ApiProperty({ example: '6c1e1c0f7b2c4c39a1a5d1d7f5b0c3e2' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: 'Name the upstream knows the tool by' })
  originalName!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  url!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ enum: ['MCP', 'REST'] })
  integrationType!: string;
  @ApiProperty()
  requestType!: string;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: { type: 'string' } })
  headers!: Record<string, string> | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  inputSchema!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  outputSchema!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  annotations!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String })
  jsonpathFilter!: string | null;
  @ApiPropertyOptional({ nullable: true, type: UpstreamAuthResponseDto })
  auth!: UpstreamAuthResponseDto | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Upstream gateway this tool was imported from',
  })
  gatewayId!: string | null;
  @ApiProperty()
  isActive!: boolean;
  @ApiProperty({ description: 'False while the owning upstream fails its health checks' })
  reachable!: boolean;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

export class ToolStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ type: ToolResponseDto })
  tool?: ToolResponseDto;
}
