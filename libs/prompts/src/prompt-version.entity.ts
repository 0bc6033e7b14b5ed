import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PromptEntity } from './prompt.entity.js';

/** A past state of a prompt, kept on every update so that it can be listed and rolled back to. */
@Entity({ name: 'prompt_versions' })
@Index(['promptId', 'version'], { unique: true })
export class PromptVersionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'prompt_id', type: 'integer' })
  promptId!: number;

  @ManyToOne(() => PromptEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'prompt_id' })
  prompt?: PromptEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  @Column({ type: 'text' })
  template!: string;

  @Column({ name: 'argument_schema', type: 'simple-json' })
  argumentSchema!: Record<string, unknown>;

  /**
   * Multimodal prompts: message templates (text, image, embedded resource) rendered in order. Null for a
   * prompt that is one user text message made from `template`.
   */
  @Column({ type: 'simple-json', nullable: true })
  messages?: Record<string, unknown>[] | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
