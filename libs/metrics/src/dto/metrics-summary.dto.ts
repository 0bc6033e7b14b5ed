import { ApiProperty } from '@nestjs/swagger';
import { EntityMetricsDto } from './entity-metrics.dto.js';
import { TopEntityMetricsDto } from './top-entity-metrics.dto.js';

/** GET /metrics: totals per kind of entity over every entity of that kind, and the most executed of each. */
export class MetricsSummaryDto {
  @ApiProperty({ type: EntityMetricsDto })
  tools!: EntityMetricsDto;

  @ApiProperty({ type: EntityMetricsDto })
  resources!: EntityMetricsDto;

  @ApiProperty({ type: EntityMetricsDto })
  servers!: EntityMetricsDto;

  @ApiProperty({ type: EntityMetricsDto })
  prompts!: EntityMetricsDto;

  @ApiProperty({ type: [TopEntityMetricsDto], description: 'Up to 5 tools, most executed first' })
  topTools!: TopEntityMetricsDto[];

  @ApiProperty({ type: [TopEntityMetricsDto], description: 'Up to 5 resources, most executed first' })
  topResources!: TopEntityMetricsDto[];

  @ApiProperty({ type: [TopEntityMetricsDto], description: 'Up to 5 servers, most executed first' })
  topServers!: TopEntityMetricsDto[];

  @ApiProperty({ type: [TopEntityMetricsDto], description: 'Up to 5 prompts, most executed first' })
  topPrompts!: TopEntityMetricsDto[];
}
