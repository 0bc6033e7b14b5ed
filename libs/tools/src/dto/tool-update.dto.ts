import { PartialType } from '@nestjs/swagger';
import { ToolCreateDto } from './tool-create.dto.js';

/** Body of PUT /tools/{id}: any subset of the create fields. `auth: null`-style removal is done by authType change. */
export class ToolUpdateDto extends PartialType(ToolCreateDto) {}
