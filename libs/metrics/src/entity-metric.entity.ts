import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type MetricEntityType = 'tool' | 'resource' | 'prompt' | 'server';

/**
 * Running totals for one entity. Calls are counted in memory and added here in batches, so the call path
 * never writes to the database.
 */
@Entity({ name: 'entity_metrics' })
export class EntityMetricEntity {
  @PrimaryColumn({ name: 'entity_type', type: 'varchar', length: 16 })
  entityType!: MetricEntityType;

  @PrimaryColumn({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  @Column({ name: 'total_executions', type: 'integer', default: 0 })
  totalExecutions!: number;

  @Column({ name: 'successful_executions', type: 'integer', default: 0 })
  successfulExecutions!: number;

  @Column({ name: 'failed_executions', type: 'integer', default: 0 })
  failedExecutions!: number;

  @Column({ name: 'min_response_time', type: 'double precision', nullable: true })
  minResponseTime?: number | null;

  @Column({ name: 'max_response_time', type: 'double precision', nullable: true })
  maxResponseTime?: number | null;

  /** Sum of response times (seconds), so the average survives batching. */
  @Column({ name: 'total_response_time', type: 'double precision', default: 0 })
  totalResponseTime!: number;

  @Column({ name: 'last_execution_time', nullable: true })
  lastExecutionTime?: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
