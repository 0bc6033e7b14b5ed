import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CacheBackend, DatabaseHealth } from '@app/common';
import { Public } from '@app/auth';
import { HealthResponseDto, ReadyResponseDto } from './health.dto.js';

@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly cache: CacheBackend,
  ) {}

  @Public()
  @Get('health')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Liveness and database reachability (no authentication)',
  })
  @ApiResponse({ status: 200, type: HealthResponseDto })
  @ApiResponse({ status: 503, type: HealthResponseDto, description: 'The database does not answer' })
  async getHealth(@Res({ passthrough: true }) res: Response): Promise<HealthResponseDto> {
    const database = await this.database.check();
    if (!database.reachable) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database.reachable ? 'healthy' : 'unhealthy', database };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: database and cache both answer (no authentication)',
  })
  @ApiResponse({ status: 200, type: ReadyResponseDto })
  @ApiResponse({ status: 503, type: ReadyResponseDto })
  async getReadiness(@Res({ passthrough: true }) res: Response): Promise<ReadyResponseDto> {
    const [database, cache] = await Promise.all([this.database.check(), this.cache.check()]);
    const ready = database.reachable && cache.reachable;
    if (!ready) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not ready', database, cache };
  }
}
