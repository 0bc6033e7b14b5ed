import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A resource: stored content (text or base64 binary), a URI template, or content owned by an upstream. */
@Entity({ name: 'resources' })
export class ResourceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 767 })
  uri!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description?: string | null;

  @Column({ name: 'mime_type', type: 'varchar', length: 255, nullable: true })
  mimeType?: string | null;

  /** RFC 6570 URI template, for resources that are templates rather than fixed content. */
  @Column({ name: 'uri_template', type: 'text', nullable: true })
  uriTemplate?: string | null;

  @Column({ name: 'text_content', type: 'text', nullable: true })
  textContent?: string | null;

  /** Binary content, base64-encoded (portable across SQLite and PostgreSQL). */
  @Column({ name: 'binary_content', type: 'text', nullable: true })
  binaryContent?: string | null;

  /** Content size in bytes. */
  @Column({ type: 'integer', default: 0 })
  size!: number;

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
