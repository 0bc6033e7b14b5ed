import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { UpstreamAuthDto } from '@app/common';

export const GATEWAY_TRANSPORTS = ['SSE', 'STREAMABLEHTTP'] as const;
export type GatewayTransport = (typeof GATEWAY_TRANSPORTS)[number];

/** Display names: anything printable that makes a non-empty slug. */
export const GATEWAY_NAME_PATTERN = /[A-Za-z0-9]/;

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

/** Body of POST /gateways: an upstream MCP server or peer gateway to connect to and import from. */
export class GatewayCreateDto {
  @ApiProperty({
    example: 'weather',
    description: 'Unique name; its slug prefixes the names of imported tools and prompts',
    maxLength: 255,
  })
  @IsString()
  @MaxLength(255)
  @Matches(GATEWAY_NAME_PATTERN, { message: 'name must contain at least one letter or digit' })
  name!: string;

  @ApiProperty({
    example: 'http://localhost:8000/mcp',
    description: 'Streamable HTTP or SSE endpoint of the upstream (a bare origin tries /mcp and /sse too)',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an http(s) URL' },
  )
  url!: string;

  @ApiPropertyOptional({ example: 'Weather tools' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({
    enum: GATEWAY_TRANSPORTS,
    description: 'SSE or STREAMABLEHTTP (case-insensitive); detected when not given',
  })
  @IsOptional()
  @Transform(upper)
  @IsIn(GATEWAY_TRANSPORTS, { message: 'transport must be SSE or STREAMABLEHTTP' })
  transport?: GatewayTransport;

  @ApiPropertyOptional({
    type: UpstreamAuthDto,
    description: 'Credentials presented to the upstream (basic, bearer or a custom header); stored encrypted',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpstreamAuthDto)
  auth?: UpstreamAuthDto;
}
