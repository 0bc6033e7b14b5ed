import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { Alias, UpstreamAuthDto } from '@app/common';

export const INTEGRATION_TYPES = ['MCP', 'REST'] as const;
export const REST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export const MCP_TRANSPORTS = ['SSE', 'STREAMABLEHTTP', 'STDIO'] as const;
export const REQUEST_TYPES = [...REST_METHODS, ...MCP_TRANSPORTS] as const;

/** MCP tool names: letters, digits, `_`, `-`, `.`; must not start with `-` or `.`. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A flat object of string values, such as HTTP headers. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(property),
      options: { message: `${String(property)} must be an object whose values are strings`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string'),
      },
    });
}

/** Body of POST /tools. Field names are camelCase; the reference's snake_case names are accepted too. */
export class ToolCreateDto {
  @ApiProperty({
    example: 'clock_tool',
    description: 'Unique tool name (letters, digits, _ - .)',
    maxLength: 255,
  })
  @IsString()
  @MaxLength(255)
  @Matches(TOOL_NAME_PATTERN, {
    message: 'name may contain only letters, digits, _, - and ., and must not start with - or .',
  })
  name!: string;

  @ApiPropertyOptional({
    example: 'http://localhost:9000/rpc',
    description: 'Endpoint (http or https); REST tools may use {param} path templates',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an http(s) URL' },
  )
  url?: string;

  @ApiPropertyOptional({ example: 'Returns current time' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({
    enum: INTEGRATION_TYPES,
    default: 'MCP',
    description: 'MCP (an MCP server tool) or REST (an HTTP API adapted as a tool); alias integration_type',
  })
  @Alias('integration_type')
  @IsOptional()
  @IsIn(INTEGRATION_TYPES, { message: 'integrationType must be MCP or REST' })
  integrationType?: (typeof INTEGRATION_TYPES)[number];

  @ApiPropertyOptional({
    enum: REQUEST_TYPES,
    description:
      'HTTP method for REST tools (default POST), transport for MCP tools (default SSE); alias request_type',
  })
  @Alias('request_type')
  @IsOptional()
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of ${REQUEST_TYPES.join(', ')}` })
  requestType?: (typeof REQUEST_TYPES)[number];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Headers sent with every call',
  })
  @IsOptional()
  @IsStringRecord()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { type: 'object', properties: { timezone: { type: 'string' } }, required: [] },
    description:
      'JSON Schema of the arguments (alias input_schema); default: an object with no declared properties',
  })
  @Alias('input_schema')
  @IsOptional()
  @IsObject()
  inputSchema?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema of structured results (alias output_schema)',
  })
  @Alias('output_schema')
  @IsOptional()
  @IsObject()
  outputSchema?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Behaviour hints: title, readOnlyHint, destructiveHint, idempotentHint, openWorldHint',
  })
  @IsOptional()
  @IsObject()
  annotations?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'JSONPath applied to REST results (alias jsonpath_filter)' })
  @Alias('jsonpath_filter')
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  jsonpathFilter?: string;

  @ApiPropertyOptional({
    type: UpstreamAuthDto,
    description: 'Credentials presented to the tool endpoint; stored encrypted',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpstreamAuthDto)
  auth?: UpstreamAuthDto;
}
