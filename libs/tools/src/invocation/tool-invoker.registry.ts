import { Injectable } from '@nestjs/common';
import type { ToolInvoker } from './tool-invoker.js';

/**
 * The invoker of each integration type. ToolsModule registers REST; the lib that owns MCP upstream sessions
 * registers MCP at start-up.
 */
@Injectable()
export class ToolInvokerRegistry {
  private readonly invokers = new Map<string, ToolInvoker>();

  /** Sets (or replaces) the invoker of an integration type. */
  register(integrationType: string, invoker: ToolInvoker): void {
    this.invokers.set(integrationType, invoker);
  }

  get(integrationType: string): ToolInvoker | undefined {
    return this.invokers.get(integrationType);
  }
}
