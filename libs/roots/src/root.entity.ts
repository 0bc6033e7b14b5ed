import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A root: a URI (file:// or other) the gateway tells MCP servers they may operate within. */
@Entity({ name: 'roots' })
export class RootEntity {
  @PrimaryColumn({ type: 'varchar', length: 767 })
  uri!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name?: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
