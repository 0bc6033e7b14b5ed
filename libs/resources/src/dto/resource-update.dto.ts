import { OmitType, PartialType } from '@nestjs/swagger';
import { ResourceCreateDto } from './resource-create.dto.js';

/**
 * Body of PUT /resources/{uri}: any subset of the create fields except the URI. New `content` or `blob`
 * replaces the stored content of either kind; `description: null` or `template: null` clears that field;
 * `mimeType: null` detects the type again.
 */
export class ResourceUpdateDto extends PartialType(OmitType(ResourceCreateDto, ['uri'] as const)) {}
