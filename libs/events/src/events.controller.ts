import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GatewayConfig, openSseStream } from '@app/common';
import { EventBus } from './event-bus.js';

@ApiTags('Events')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly bus: EventBus,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'streamEvents',
    summary:
      'Server-Sent Events stream of every registry change (created, updated, deleted, activated, deactivated)',
  })
  @ApiProduces('text/event-stream')
  streamEvents(@Req() req: Request, @Res() res: Response): void {
    let unsubscribe = (): void => undefined;
    const stream = openSseStream(req, res, {
      retryMs: this.config.sseRetryTimeout,
      onClose: () => unsubscribe(),
    });
    unsubscribe = this.bus.subscribe((event) => stream.send(event, event.type));
  }
}
