/** Registries whose changes are published. */
export type EventEntity = 'tool' | 'resource' | 'prompt' | 'root' | 'server' | 'gateway';
export type EventAction = 'created' | 'updated' | 'deleted' | 'activated' | 'deactivated';

/**
 * One change in a registry, as sent on /events. `type` keeps the reference's naming (`tool_added`,
 * `resource_updated`, …) so existing listeners keep working; `entity` and `action` are there for filtering.
 */
export interface GatewayEvent {
  type: string;
  entity: EventEntity;
  action: EventAction;
  data: Record<string, unknown>;
  timestamp: string;
}

const TYPE_SUFFIX: Record<EventAction, string> = {
  created: 'added',
  updated: 'updated',
  deleted: 'removed',
  activated: 'activated',
  deactivated: 'deactivated',
};

/** Builds the event for a registry change, e.g. `registryEvent('tool', 'created', toolDto)` → `tool_added`. */
export function registryEvent(
  entity: EventEntity,
  action: EventAction,
  data: Record<string, unknown>,
): GatewayEvent {
  return {
    type: `${entity}_${TYPE_SUFFIX[action]}`,
    entity,
    action,
    data,
    timestamp: new Date().toISOString(),
  };
}
