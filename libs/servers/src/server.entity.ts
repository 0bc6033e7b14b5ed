import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryColumn,
  RelationId,
  UpdateDateColumn,
} from 'typeorm';
import { ToolEntity } from '@app/tools';
import { ResourceEntity } from '@app/resources';
import { PromptEntity } from '@app/prompts';

/**
 * A virtual server: a named bundle of tools, resources and prompts with MCP endpoints of its own.
 * Association rows go when either side is deleted (ON DELETE CASCADE), so nothing dangles.
 */
@Entity({ name: 'servers' })
export class ServerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  @Column({ type: 'text', nullable: true })
  icon?: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @ManyToMany(() => ToolEntity, { onDelete: 'CASCADE' })
  @JoinTable({
    name: 'server_tools',
    joinColumn: { name: 'server_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'tool_id', referencedColumnName: 'id' },
  })
  tools?: ToolEntity[];

  /** Ids of the associated tools, loaded without the tools themselves. */
  @RelationId((server: ServerEntity) => server.tools)
  toolIds!: string[];

  @ManyToMany(() => ResourceEntity, { onDelete: 'CASCADE' })
  @JoinTable({
    name: 'server_resources',
    joinColumn: { name: 'server_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'resource_id', referencedColumnName: 'id' },
  })
  resources?: ResourceEntity[];

  @RelationId((server: ServerEntity) => server.resources)
  resourceIds!: number[];

  @ManyToMany(() => PromptEntity, { onDelete: 'CASCADE' })
  @JoinTable({
    name: 'server_prompts',
    joinColumn: { name: 'server_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'prompt_id', referencedColumnName: 'id' },
  })
  prompts?: PromptEntity[];

  @RelationId((server: ServerEntity) => server.prompts)
  promptIds!: number[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
