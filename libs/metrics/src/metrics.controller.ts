import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { MetricsSummaryDto } from './dto/metrics-summary.dto.js';
import { ResetMetricsQueryDto } from './dto/reset-metrics-query.dto.js';
import { ResetMetricsResponseDto } from './dto/reset-metrics-response.dto.js';
import { MetricsService } from './metrics.service.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-exposition.js';

@ApiTags('Metrics')
@ApiBearerAuth()
@ApiBasicAuth()
@ApiResponse({ status: 401, description: 'Missing or invalid credentials' })
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Execution totals of tools, resources, servers and prompts, and the most executed of each',
  })
  @ApiOkResponse({ type: MetricsSummaryDto })
  getMetrics(): Promise<MetricsSummaryDto> {
    return this.metrics.summary();
  }

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resetMetrics',
    summary: 'Delete execution metrics: all, one kind of entity (entity), or one entity (entity and id)',
  })
  @ApiOkResponse({ type: ResetMetricsResponseDto })
  @ApiResponse({ status: 422, description: 'Unknown entity, or an id without its entity' })
  async resetMetrics(@Query() query: ResetMetricsQueryDto): Promise<ResetMetricsResponseDto> {
    return { status: 'success', message: await this.metrics.reset(query.entity, query.id) };
  }

  @Get('prometheus')
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({
    operationId: 'getPrometheusMetrics',
    summary: 'Execution metrics in the Prometheus text exposition format (version 0.0.4)',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  getPrometheusMetrics(): Promise<string> {
    return this.metrics.prometheus();
  }
}
