/** The upstream registry. Other libs use GatewaysService and UpstreamContent; sessions stay private. */
export * from './gateway.entity.js';
export * from './gateways.module.js';
export * from './gateways.service.js';
export * from './gateways.exception.js';
export type { GatewayRecord } from './gateways.repository.js';
export * from './dto/gateway-create.dto.js';
export * from './dto/gateway-update.dto.js';
export * from './dto/gateway-response.dto.js';
export * from './upstream/upstream-content.js';
