import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { GatewayException } from '../errors/gateway.exception.js';
import { Alias } from '../http/dto-helpers.js';
import type { SecretBox } from './secret-box.js';

export const UPSTREAM_AUTH_TYPES = ['basic', 'bearer', 'authheaders'] as const;
export type UpstreamAuthType = (typeof UPSTREAM_AUTH_TYPES)[number];

/** Credentials the gateway presents to an upstream (REST API or MCP server). Stored sealed, never returned. */
export type UpstreamAuth =
  | { authType: 'basic'; username: string; password: string }
  | { authType: 'bearer'; token: string }
  | { authType: 'authheaders'; headerKey: string; headerValue: string };

const MASK = '********';

/** Credentials in a create/update body (fields as in the reference: auth_type, username, password, token, …). */
export class UpstreamAuthDto {
  @ApiProperty({
    enum: UPSTREAM_AUTH_TYPES,
    name: 'authType',
    description: 'basic, bearer or authheaders (alias auth_type)',
  })
  @Alias('auth_type')
  @IsIn(UPSTREAM_AUTH_TYPES, { message: 'auth.authType must be basic, bearer or authheaders' })
  authType!: UpstreamAuthType;

  @ApiPropertyOptional({ description: 'Username (basic)' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  username?: string;

  @ApiPropertyOptional({ description: 'Password (basic); stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  password?: string;

  @ApiPropertyOptional({ description: 'Bearer token (bearer); stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  token?: string;

  @ApiPropertyOptional({ description: 'Header name (authheaders; alias auth_header_key)' })
  @Alias('auth_header_key')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
    message: 'auth.authHeaderKey must be a valid HTTP header name',
  })
  authHeaderKey?: string;

  @ApiPropertyOptional({
    description: 'Header value (authheaders; alias auth_header_value); stored encrypted',
  })
  @Alias('auth_header_value')
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  authHeaderValue?: string;
}

/** Credentials as shown by the API: the type and non-secret parts; secrets are masked. */
export class UpstreamAuthResponseDto {
  @ApiProperty({ enum: UPSTREAM_AUTH_TYPES })
  authType!: UpstreamAuthType;
  @ApiPropertyOptional()
  username?: string;
  @ApiPropertyOptional({ example: MASK })
  password?: string;
  @ApiPropertyOptional({ example: MASK })
  token?: string;
  @ApiPropertyOptional()
  authHeaderKey?: string;
  @ApiPropertyOptional({ example: MASK })
  authHeaderValue?: string;
}

function invalid(message: string): GatewayException {
  return new GatewayException('INVALID_AUTH', message, HttpStatus.UNPROCESSABLE_ENTITY);
}

/** Checks that the fields needed by the chosen auth type are present. */
export function toUpstreamAuth(dto: UpstreamAuthDto): UpstreamAuth {
  switch (dto.authType) {
    case 'basic':
      if (!dto.username || dto.password === undefined)
        throw invalid('auth: basic needs username and password');
      return { authType: 'basic', username: dto.username, password: dto.password };
    case 'bearer':
      if (!dto.token) throw invalid('auth: bearer needs token');
      return { authType: 'bearer', token: dto.token };
    case 'authheaders':
      if (!dto.authHeaderKey || dto.authHeaderValue === undefined)
        throw invalid('auth: authheaders needs authHeaderKey and authHeaderValue');
      return { authType: 'authheaders', headerKey: dto.authHeaderKey, headerValue: dto.authHeaderValue };
  }
}

/** Seals credentials for storage: `{ authType, authValue }` columns. */
export function sealUpstreamAuth(
  box: SecretBox,
  auth: UpstreamAuth,
): { authType: UpstreamAuthType; authValue: string } {
  return { authType: auth.authType, authValue: box.encrypt(JSON.stringify(auth)) };
}

/** Opens stored credentials; null when there are none. Throws when AUTH_ENCRYPTION_SECRET changed. */
export function openUpstreamAuth(box: SecretBox, authValue: string | null | undefined): UpstreamAuth | null {
  if (!authValue) return null;
  return JSON.parse(box.decrypt(authValue)) as UpstreamAuth;
}

/** What the API shows of stored credentials. */
export function maskUpstreamAuth(
  box: SecretBox,
  authValue: string | null | undefined,
): UpstreamAuthResponseDto | null {
  let auth: UpstreamAuth | null;
  try {
    auth = openUpstreamAuth(box, authValue);
  } catch {
    return null;
  }
  if (!auth) return null;
  switch (auth.authType) {
    case 'basic':
      return { authType: 'basic', username: auth.username, password: MASK };
    case 'bearer':
      return { authType: 'bearer', token: MASK };
    case 'authheaders':
      return { authType: 'authheaders', authHeaderKey: auth.headerKey, authHeaderValue: MASK };
  }
}

/** The HTTP headers that present the credentials upstream. */
export function upstreamAuthHeaders(auth: UpstreamAuth | null): Record<string, string> {
  if (!auth) return {};
  switch (auth.authType) {
    case 'basic':
      return {
        Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      };
    case 'bearer':
      return { Authorization: `Bearer ${auth.token}` };
    case 'authheaders':
      return { [auth.headerKey]: auth.headerValue };
  }
}
