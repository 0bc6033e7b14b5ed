import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GatewayConfig, ListQueryDto, openSseStream, ToggleQueryDto } from '@app/common';
import { ResourceCreateDto } from './dto/resource-create.dto.js';
import {
  ResourceContentDto,
  ResourceResponseDto,
  ResourceStatusResponseDto,
} from './dto/resource-response.dto.js';
import { ResourceUpdateDto } from './dto/resource-update.dto.js';
import { uriFromRequestPath } from './resource-uri.js';
import { ResourcesException } from './resources.exception.js';
import { ResourcesService } from './resources.service.js';

const URI_PARAM = {
  name: 'uri',
  type: String,
  description:
    'The resource URI as the rest of the path (`config://app/settings`) or percent-encoded ' +
    '(`config%3A%2F%2Fapp%2Fsettings`); a URI holding `?`, `#` or `%` must be percent-encoded',
};

// Routes are matched in declaration order: `subscribe/*uri` and `:id/toggle` come before the catch-all URI
// routes. URIs are read from the raw path, because the router splits `config://app` into segments.
@ApiTags('Resources')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('resources')
export class ResourcesController {
  constructor(
    private readonly resources: ResourcesService,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'createResource',
    summary: 'Register a resource: text content, base64 blob, or a URI template (409 when the URI is taken)',
  })
  @ApiCreatedResponse({ type: ResourceResponseDto })
  createResource(@Body() dto: ResourceCreateDto): Promise<ResourceResponseDto> {
    return this.resources.createResource(dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listResources',
    summary: 'List resources without their content (active only unless include_inactive=true)',
  })
  @ApiOkResponse({ type: [ResourceResponseDto] })
  listResources(@Query() query: ListQueryDto): Promise<ResourceResponseDto[]> {
    return this.resources.listResources(query.includeInactive ?? false);
  }

  @Get('subscribe/*uri')
  @ApiOperation({
    operationId: 'subscribeResource',
    summary:
      'Server-Sent Events stream of the changes to one resource (updated, removed, activated, deactivated); ' +
      '404 when it does not exist',
  })
  @ApiParam(URI_PARAM)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; each event is named by its type, e.g. resource_updated' })
  @ApiNotFoundResponse({ description: 'No resource has this URI' })
  async subscribeResource(@Req() req: Request, @Res() res: Response): Promise<void> {
    const uri = this.uriOf(req, 'subscribe/');
    await this.resources.getResource(uri);
    // The client may have gone while the resource was looked up: then no listener would ever be removed.
    if (req.socket.destroyed) return;
    let stopWatching = (): void => undefined;
    const stream = openSseStream(req, res, {
      retryMs: this.config.sseRetryTimeout,
      onClose: () => stopWatching(),
    });
    stopWatching = this.resources.watchResource(uri, (event) => stream.send(event, event.type));
  }

  @Post(':id/toggle')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'toggleResource',
    summary: 'Activate or deactivate a resource by its numeric id (deactivated resources cannot be read)',
  })
  @ApiOkResponse({ type: ResourceStatusResponseDto })
  async toggleResource(
    @Param('id', new ParseIntPipe({ errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY })) id: number,
    @Query() query: ToggleQueryDto,
  ): Promise<ResourceStatusResponseDto> {
    const activate = query.activate ?? true;
    const resource = await this.resources.toggleResource(id, activate);
    return {
      status: 'success',
      message: `Resource ${resource.uri} ${activate ? 'activated' : 'deactivated'}`,
      resource,
    };
  }

  @Get('*uri')
  @ApiOperation({
    operationId: 'readResource',
    summary: 'Read the content of an active resource: {type, uri, mimeType, text | blob}',
  })
  @ApiParam(URI_PARAM)
  @ApiOkResponse({ type: ResourceContentDto })
  readResource(@Req() req: Request): Promise<ResourceContentDto> {
    return this.resources.readResource(this.uriOf(req));
  }

  @Put('*uri')
  @ApiOperation({
    operationId: 'updateResource',
    summary: 'Update a resource’s name, description, MIME type, template or content',
  })
  @ApiParam(URI_PARAM)
  @ApiOkResponse({ type: ResourceResponseDto })
  updateResource(@Req() req: Request, @Body() dto: ResourceUpdateDto): Promise<ResourceResponseDto> {
    return this.resources.updateResource(this.uriOf(req), dto);
  }

  @Delete('*uri')
  @ApiOperation({
    operationId: 'deleteResource',
    summary: 'Delete a resource (it leaves every virtual server that bundled it)',
  })
  @ApiParam(URI_PARAM)
  @ApiOkResponse({ type: ResourceStatusResponseDto })
  async deleteResource(@Req() req: Request): Promise<ResourceStatusResponseDto> {
    const resource = await this.resources.deleteResource(this.uriOf(req));
    return { status: 'success', message: `Resource ${resource.uri} deleted` };
  }

  /** The URI after `<APP_ROOT_PATH>/resources/<subpath>` in the raw request path. */
  private uriOf(req: Request, subpath = ''): string {
    const prefix = `${this.config.appRootPath}/resources/${subpath}`;
    const uri = uriFromRequestPath(req.originalUrl, prefix) ?? uriFromRequestPath(req.path, prefix);
    if (uri === undefined) throw ResourcesException.notFound(req.path);
    return uri;
  }
}
