import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Alias, UpstreamAuthDto } from '@app/common';
import { IsStringRecord } from './tool-create.dto.js';
import { ToolResponseDto } from './tool-response.dto.js';

const HTTP_URL = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  allow_underscores: true,
};

/** Body of POST /tools/import/openapi: where the document is (url or document, exactly one) and how to import it. */
export class OpenApiImportDto {
  @ApiPropertyOptional({
    example: 'https://petstore3.swagger.io/api/v3/openapi.json',
    description: 'Where to fetch the OpenAPI 3.0/3.1 document (JSON or YAML); give this or document',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The OpenAPI 3.0/3.1 document itself, as JSON; give this or url',
  })
  @IsOptional()
  @IsObject()
  document?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'https://api.example.com/v1',
    description: 'Base URL of the API, instead of the document’s servers (alias base_url)',
  })
  @Alias('base_url')
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'baseUrl must be an http(s) URL' })
  baseUrl?: string;

  @ApiPropertyOptional({
    example: 'petstore',
    description:
      'Put before every tool name, joined with _ unless it ends with _, - or . (alias name_prefix)',
    maxLength: 64,
  })
  @Alias('name_prefix')
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, {
    message: 'namePrefix may contain only letters, digits, _, - and ., and must not start with - or .',
  })
  namePrefix?: string;

  @ApiPropertyOptional({
    type: UpstreamAuthDto,
    description: 'Credentials for every imported tool (stored encrypted), also sent to fetch the document',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpstreamAuthDto)
  auth?: UpstreamAuthDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Headers for every imported tool, also sent to fetch the document',
  })
  @IsOptional()
  @IsStringRecord()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    example: ['listPets', 'getPetById'],
    description: 'operationIds to import (operations without one by their generated name); default: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  operations?: string[];
}

/** An operation that did not become a tool, and why. */
export class OpenApiSkippedOperationDto {
  @ApiProperty({ example: 'uploadFile', description: 'operationId, or METHOD /path' })
  operation!: string;
  @ApiProperty({ example: 'A tool named "uploadFile" already exists (id 6c1e…)' })
  reason!: string;
}

/** What an import did: the tools it created and the operations it skipped. */
export class OpenApiImportResultDto {
  @ApiProperty({ type: [ToolResponseDto] })
  created!: ToolResponseDto[];
  @ApiProperty({ type: [OpenApiSkippedOperationDto] })
  skipped!: OpenApiSkippedOperationDto[];
}
