import { ApiProperty } from '@nestjs/swagger';

/** What POST /metrics/reset answers. */
export class ResetMetricsResponseDto {
  @ApiProperty({ enum: ['success'] })
  status!: 'success';

  @ApiProperty({ example: 'Metrics reset for all entities' })
  message!: string;
}
