/** The roots registry. */
export * from './root.entity.js';
export * from './roots.module.js';
export * from './roots.service.js';
export * from './dto/root.dto.js';
