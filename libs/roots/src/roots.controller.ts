import { Body, Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GatewayConfig, openSseStream, StatusResponseDto } from '@app/common';
import { EventBus } from '@app/events';
import { RootCreateDto, RootResponseDto } from './dto/root.dto.js';
import { RootsService } from './roots.service.js';

@ApiTags('Roots')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('roots')
export class RootsController {
  constructor(
    private readonly roots: RootsService,
    private readonly events: EventBus,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listRoots', summary: 'List roots' })
  @ApiOkResponse({ type: [RootResponseDto] })
  listRoots(): Promise<RootResponseDto[]> {
    return this.roots.listRoots();
  }

  @Post()
  @ApiOperation({
    operationId: 'addRoot',
    summary: 'Add a root (a bare path such as /data becomes file:///data)',
  })
  @ApiCreatedResponse({ type: RootResponseDto })
  addRoot(@Body() dto: RootCreateDto): Promise<RootResponseDto> {
    return this.roots.addRoot(dto);
  }

  @Get('changes')
  @ApiOperation({
    operationId: 'streamRootChanges',
    summary: 'Server-Sent Events: one event per root added or removed',
  })
  @ApiProduces('text/event-stream')
  streamRootChanges(@Req() req: Request, @Res() res: Response): void {
    let unsubscribe = (): void => undefined;
    const stream = openSseStream(req, res, {
      retryMs: this.config.sseRetryTimeout,
      onClose: () => unsubscribe(),
    });
    unsubscribe = this.events.subscribe((event) => {
      if (event.entity === 'root')
        stream.send({ type: event.type, data: event.data, timestamp: event.timestamp }, event.type);
    });
  }

  @Delete(':uri')
  @ApiOperation({
    operationId: 'removeRoot',
    summary: 'Remove a root; the URI is URL-encoded in the path (/roots/%2Fdata)',
  })
  @ApiOkResponse({ type: StatusResponseDto })
  async removeRoot(@Param('uri') uri: string): Promise<StatusResponseDto> {
    const root = await this.roots.removeRoot(uri);
    return { status: 'success', message: `Root ${root.uri} removed` };
  }
}
