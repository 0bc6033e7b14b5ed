/** The virtual-server registry. */
export * from './server.entity.js';
export * from './servers.module.js';
export * from './servers.service.js';
export * from './servers.exception.js';
export * from './dto/server-create.dto.js';
export * from './dto/server-update.dto.js';
export * from './dto/server-response.dto.js';
export type { ServerRecord } from './servers.repository.js';
