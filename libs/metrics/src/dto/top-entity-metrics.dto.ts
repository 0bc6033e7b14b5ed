import { ApiProperty } from '@nestjs/swagger';

/** One line of a "most executed" list. */
export class TopEntityMetricsDto {
  @ApiProperty({ description: 'Id of the tool, resource, server or prompt' })
  id!: string;

  @ApiProperty()
  totalExecutions!: number;

  @ApiProperty()
  successfulExecutions!: number;

  @ApiProperty()
  failedExecutions!: number;

  @ApiProperty({ description: 'Failed executions / executions, from 0 to 1' })
  failureRate!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean execution time, in seconds' })
  avgResponseTime!: number | null;
}
