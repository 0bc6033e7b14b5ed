import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { VersionController } from './version.controller.js';

/** /health, /ready and /version: what an orchestrator and an operator ask first. */
@Module({ controllers: [HealthController, VersionController] })
export class HealthModule {}
