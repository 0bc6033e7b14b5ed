import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntityMetricEntity } from './entity-metric.entity.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRecorder } from './metrics-recorder.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { TypeOrmMetricsRepository } from './typeorm-metrics.repository.js';

/**
 * Per-entity execution metrics: recorded in memory on the call path, flushed to the database in batches,
 * served on /metrics. Registries import this module to inject MetricsRecorder and MetricsService.
 *
 * Deliberately not @Global: Nest shuts global modules down last, so the final flush on shutdown runs while
 * the (global) database connection is still open.
 */
@Module({
  imports: [TypeOrmModule.forFeature([EntityMetricEntity])],
  controllers: [MetricsController],
  providers: [
    { provide: MetricsRepository, useClass: TypeOrmMetricsRepository },
    MetricsRecorder,
    MetricsService,
  ],
  exports: [MetricsRecorder, MetricsService],
})
export class MetricsModule {}
