import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

/** Protocol versions the gateway speaks, newest first. */
export const PROTOCOL_VERSIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;

/**
 * The version to answer `initialize` with: the client's when we speak it, else our newest (the client then
 * decides whether it can continue), as the MCP lifecycle specifies.
 *
 * @example
 *   negotiateVersion('2025-03-26') // '2025-03-26'
 *   negotiateVersion('1999-01-01') // LATEST_PROTOCOL_VERSION
 */
export function negotiateVersion(requested: unknown): string {
  return typeof requested === 'string' && PROTOCOL_VERSIONS.includes(requested)
    ? requested
    : LATEST_PROTOCOL_VERSION;
}
