import { ToolEntity } from '@app/tools';
import { ResourceEntity } from '@app/resources';
import { PromptEntity, PromptVersionEntity } from '@app/prompts';
import { RootEntity } from '@app/roots';
import { ServerEntity } from '@app/servers';
import { GatewayEntity } from '@app/gateways';
import { EntityMetricEntity } from '@app/metrics';

/**
 * Every entity of the schema. The app loads entities through each module's TypeOrmModule.forFeature; this
 * list serves the migration generator and the test that proves migrations and entities agree.
 */
export const ALL_ENTITIES = [
  ToolEntity,
  ResourceEntity,
  PromptEntity,
  PromptVersionEntity,
  RootEntity,
  ServerEntity,
  GatewayEntity,
  EntityMetricEntity,
];
