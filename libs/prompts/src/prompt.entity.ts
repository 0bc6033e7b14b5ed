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

  /**
   * Multimodal prompts: message templates (text, image, embedded resource) rendered in order. Null for a
   * prompt that is one user text message made from `template`.
   */
  @Column({ type: 'simple-json', nullable: true })
  messages?: Record<string, unknown>[] | null;

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
