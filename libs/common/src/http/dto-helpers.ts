import { randomUUID } from 'node:crypto';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/**
 * Accepts a body field under its camelCase name or its snake_case alias, as the reference gateway does
 * (`inputSchema` or `input_schema`). The camelCase name wins when both are sent.
 *
 * @example
 *   @Alias('input_schema') @IsOptional() @IsObject() inputSchema?: Record<string, unknown>;
 */
export function Alias(snakeName: string): PropertyDecorator {
  // @Expose makes class-transformer visit the property even when the body only has the snake_case key.
  const expose = Expose();
  const transform = Transform(({ obj, key }) => {
    const source = obj as Record<string, unknown>;
    return source[key] !== undefined ? source[key] : source[snakeName];
  });
  return (target, property) => {
    expose(target, property);
    transform(target, property);
  };
}

/** Parses a query-string boolean (`true/false/1/0/yes/no`); anything else stays as is, so @IsBoolean rejects it. */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return value;
  });
}

/** `?include_inactive=true` on list routes. */
export class ListQueryDto {
  @ApiPropertyOptional({
    name: 'include_inactive',
    description: 'Include deactivated entries',
    default: false,
  })
  @Alias('include_inactive')
  @QueryBoolean()
  @IsOptional()
  @IsBoolean({ message: 'include_inactive must be true or false' })
  includeInactive?: boolean;
}

/** `?activate=true|false` on toggle routes (defaults to true, as in the reference). */
export class ToggleQueryDto {
  @ApiPropertyOptional({ description: 'true to activate, false to deactivate', default: true })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean({ message: 'activate must be true or false' })
  activate?: boolean;
}

/** A new entity id: a uuid4 without dashes (32 hex characters), the reference gateway's format. */
export function newEntityId(): string {
  return randomUUID().replace(/-/g, '');
}

/** `{ status, message }` answer of delete and toggle routes, as the reference returns. */
export class StatusResponseDto {
  @ApiPropertyOptional({ example: 'success' })
  status!: string;
  @ApiPropertyOptional({ example: 'Tool 1f2e… deleted' })
  message!: string;
}
