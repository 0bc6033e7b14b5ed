import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A prompt template (Jinja2 syntax, rendered with nunjucks); `version` counts its edits. */
@Entity({ name: 'prompts' })
export class PromptEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Name the upstream knows the prompt by (equals `name` for local prompts). */
  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName!: string;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  @Column({ type: 'text' })
  template!: string;

  /** JSON Schema of the arguments (object with properties and required). */
  @Column({ name: 'argument_schema', type: 'simple-json' })
  argumentSchema!: Record<string, unknown>;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Index()
  @Column({ name: 'gateway_id', type: 'varchar', length: 36, nullable: true })
  gatewayId?: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
