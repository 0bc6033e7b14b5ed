import { PartialType } from '@nestjs/swagger';
import { ServerCreateDto } from './server-create.dto.js';

/** Body of PUT /servers/{id}: any subset; an association list given replaces the old one entirely. */
export class ServerUpdateDto extends PartialType(ServerCreateDto) {}
