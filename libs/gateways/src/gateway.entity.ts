import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An upstream MCP server or peer gateway, whose tools, resources and prompts the gateway imports. */
@Entity({ name: 'gateways' })
export class GatewayEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** URL-safe form of the name; prefixes the names of imported tools and prompts. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  slug!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  /** SSE or STREAMABLEHTTP. */
  @Column({ type: 'varchar', length: 32, default: 'SSE' })
  transport!: string;

  /** Capabilities the upstream declared in its initialize answer. */
  @Column({ type: 'simple-json', nullable: true })
  capabilities?: Record<string, unknown> | null;

  @Column({ name: 'auth_type', type: 'varchar', length: 32, nullable: true })
  authType?: string | null;

  /** AES-GCM sealed credentials (SecretBox); never returned in clear. */
  @Column({ name: 'auth_value', type: 'text', nullable: true })
  authValue?: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'boolean', default: true })
  reachable!: boolean;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError?: string | null;

  @Column({ name: 'last_seen', nullable: true })
  lastSeen?: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
