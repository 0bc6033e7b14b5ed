import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type IntegrationType = 'MCP' | 'REST';

/** A tool the gateway exposes: a REST endpoint adapted as a tool, or a tool imported from an upstream MCP server. */
@Entity({ name: 'tools' })
export class ToolEntity {
  /** uuid4 hex (32 characters), as in the reference gateway. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Name exposed to clients; unique. Imported tools are namespaced with their gateway's slug. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Name the upstream knows the tool by (equals `name` for local tools). */
  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName!: string;

  @Column({ type: 'text', nullable: true })
  url?: string | null;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  @Column({ name: 'integration_type', type: 'varchar', length: 16, default: 'REST' })
  integrationType!: IntegrationType;

  /** HTTP method for REST tools (GET, POST, …); the upstream transport for MCP tools (SSE, STREAMABLEHTTP). */
  @Column({ name: 'request_type', type: 'varchar', length: 32, default: 'POST' })
  requestType!: string;

  @Column({ type: 'simple-json', nullable: true })
  headers?: Record<string, string> | null;

  @Column({ name: 'input_schema', type: 'simple-json' })
  inputSchema!: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'simple-json', nullable: true })
  outputSchema?: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  annotations?: Record<string, unknown> | null;

  @Column({ name: 'jsonpath_filter', type: 'text', nullable: true })
  jsonpathFilter?: string | null;

  /** basic | bearer | authheaders; the credentials themselves are sealed in auth_value. */
  @Column({ name: 'auth_type', type: 'varchar', length: 32, nullable: true })
  authType?: string | null;

  /** AES-GCM sealed credentials (SecretBox); never returned in clear. */
  @Column({ name: 'auth_value', type: 'text', nullable: true })
  authValue?: string | null;

  /** The upstream gateway this tool was imported from (null for tools registered directly). */
  @Index()
  @Column({ name: 'gateway_id', type: 'varchar', length: 36, nullable: true })
  gatewayId?: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** False while the owning upstream fails its health checks. */
  @Column({ type: 'boolean', default: true })
  reachable!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
