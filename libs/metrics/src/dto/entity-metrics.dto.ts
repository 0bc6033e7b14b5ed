import { ApiProperty } from '@nestjs/swagger';

/** Execution metrics of one entity, or of all entities of a kind. Times are in seconds. */
export class EntityMetricsDto {
  @ApiProperty({ description: 'Executions counted', example: 12 })
  totalExecutions!: number;

  @ApiProperty({ description: 'Executions that succeeded', example: 11 })
  successfulExecutions!: number;

  @ApiProperty({ description: 'Executions that failed', example: 1 })
  failedExecutions!: number;

  @ApiProperty({ description: 'Failed executions / executions, from 0 to 1 (0 when none)', example: 0.0833 })
  failureRate!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Fastest execution, in seconds', example: 0.012 })
  minResponseTime!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Slowest execution, in seconds', example: 1.5 })
  maxResponseTime!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean execution time, in seconds', example: 0.2 })
  avgResponseTime!: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the latest execution finished (ISO 8601)',
  })
  lastExecutionTime!: string | null;
}
