import { PartialType } from '@nestjs/swagger';
import { GatewayCreateDto } from './gateway-create.dto.js';

/** Body of PUT /gateways/{id}: any field; a new url, transport or auth reconnects and re-imports. */
export class GatewayUpdateDto extends PartialType(GatewayCreateDto) {}
