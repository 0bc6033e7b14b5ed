import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ListQueryDto, ToggleQueryDto } from '@app/common';
import { PromptResponseDto } from '@app/prompts';
import { ResourceResponseDto } from '@app/resources';
import { ToolResponseDto } from '@app/tools';
import { ServerCreateDto } from './dto/server-create.dto.js';
import { ServerResponseDto, ServerStatusResponseDto } from './dto/server-response.dto.js';
import { ServerUpdateDto } from './dto/server-update.dto.js';
import { ServersService } from './servers.service.js';

@ApiTags('Servers')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('servers')
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Post()
  @ApiOperation({
    operationId: 'createServer',
    summary: 'Create a virtual server bundling tools, resources and prompts',
  })
  @ApiCreatedResponse({ type: ServerResponseDto })
  createServer(@Body() dto: ServerCreateDto): Promise<ServerResponseDto> {
    return this.servers.createServer(dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listServers', summary: 'List virtual servers' })
  @ApiOkResponse({ type: [ServerResponseDto] })
  listServers(@Query() query: ListQueryDto): Promise<ServerResponseDto[]> {
    return this.servers.listServers(query.includeInactive ?? false);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getServer', summary: 'Get a virtual server' })
  @ApiOkResponse({ type: ServerResponseDto })
  getServer(@Param('id') id: string): Promise<ServerResponseDto> {
    return this.servers.getServer(id);
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'updateServer',
    summary: 'Update a virtual server; an association list given replaces the old one',
  })
  @ApiOkResponse({ type: ServerResponseDto })
  updateServer(@Param('id') id: string, @Body() dto: ServerUpdateDto): Promise<ServerResponseDto> {
    return this.servers.updateServer(id, dto);
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'deleteServer',
    summary: 'Delete a virtual server (its tools, resources and prompts stay)',
  })
  @ApiOkResponse({ type: ServerStatusResponseDto })
  async deleteServer(@Param('id') id: string): Promise<ServerStatusResponseDto> {
    const server = await this.servers.deleteServer(id);
    return { status: 'success', message: `Server ${server.name} deleted successfully` };
  }

  @Post(':id/toggle')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'toggleServer', summary: 'Activate or deactivate a virtual server' })
  @ApiOkResponse({ type: ServerStatusResponseDto })
  async toggleServer(
    @Param('id') id: string,
    @Query() query: ToggleQueryDto,
  ): Promise<ServerStatusResponseDto> {
    const activate = query.activate ?? true;
    const server = await this.servers.toggleServer(id, activate);
    return {
      status: 'success',
      message: `Server ${server.name} ${activate ? 'activated' : 'deactivated'}`,
      server,
    };
  }

  @Get(':id/tools')
  @ApiOperation({ operationId: 'listServerTools', summary: 'The tools a virtual server exposes' })
  @ApiOkResponse({ type: [ToolResponseDto] })
  listServerTools(@Param('id') id: string, @Query() query: ListQueryDto): Promise<ToolResponseDto[]> {
    return this.servers.listServerTools(id, query.includeInactive ?? false);
  }

  @Get(':id/resources')
  @ApiOperation({ operationId: 'listServerResources', summary: 'The resources a virtual server exposes' })
  @ApiOkResponse({ type: [ResourceResponseDto] })
  listServerResources(@Param('id') id: string, @Query() query: ListQueryDto): Promise<ResourceResponseDto[]> {
    return this.servers.listServerResources(id, query.includeInactive ?? false);
  }

  @Get(':id/prompts')
  @ApiOperation({ operationId: 'listServerPrompts', summary: 'The prompts a virtual server exposes' })
  @ApiOkResponse({ type: [PromptResponseDto] })
  listServerPrompts(@Param('id') id: string, @Query() query: ListQueryDto): Promise<PromptResponseDto[]> {
    return this.servers.listServerPrompts(id, query.includeInactive ?? false);
  }
}
