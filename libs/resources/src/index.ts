/** The resource registry. Other libs use ResourcesService; the repository stays private to this lib. */
export * from './resource.entity.js';
/** Nest module of the resource registry: import it to inject {@link ResourcesService}. */
export { ResourcesModule } from './resources.module.js';
/** Create, read (cached), update, delete, toggle and watch resources; `requireResources` for other registries. */
export { ResourcesService } from './resources.service.js';
/** Errors of the resource registry with their codes (RESOURCE_NOT_FOUND, RESOURCE_TOO_LARGE, …). */
export { ResourcesException, type ResourcesErrorCode } from './resources.exception.js';
/** A resource row as stored (plain data). */
export type { ResourceRecord } from './resources.repository.js';
/** Body of POST /resources. */
export { ResourceCreateDto } from './dto/resource-create.dto.js';
/** Body of PUT /resources/{uri}. */
export { ResourceUpdateDto } from './dto/resource-update.dto.js';
/** A resource without content; its content; the answer of delete and toggle. */
export {
  ResourceContentDto,
  ResourceResponseDto,
  ResourceStatusResponseDto,
} from './dto/resource-response.dto.js';
