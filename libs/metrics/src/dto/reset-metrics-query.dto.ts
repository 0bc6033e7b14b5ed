import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { MetricEntityType } from '../entity-metric.entity.js';
import { METRIC_ENTITY_TYPES } from '../metric-totals.js';

/** Which metrics POST /metrics/reset clears: everything, one kind of entity, or one entity. */
export class ResetMetricsQueryDto {
  @ApiPropertyOptional({
    enum: METRIC_ENTITY_TYPES,
    description: 'Clear only this kind of entity (all kinds when absent)',
  })
  @IsOptional()
  @IsIn(METRIC_ENTITY_TYPES, { message: `entity must be one of: ${METRIC_ENTITY_TYPES.join(', ')}` })
  entity?: MetricEntityType;

  @ApiPropertyOptional({ description: 'Clear only this entity; needs `entity`', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  id?: string;
}
