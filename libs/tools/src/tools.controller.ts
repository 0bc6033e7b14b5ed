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
import { ToolCreateDto } from './dto/tool-create.dto.js';
import { ToolUpdateDto } from './dto/tool-update.dto.js';
import { ToolResponseDto, ToolStatusResponseDto } from './dto/tool-response.dto.js';
import { ToolsService } from './tools.service.js';

@ApiTags('Tools')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('tools')
export class ToolsController {
  constructor(private readonly tools: ToolsService) {}

  @Post()
  @ApiOperation({ operationId: 'createTool', summary: 'Register a tool (409 when the name is taken)' })
  @ApiCreatedResponse({ type: ToolResponseDto })
  createTool(@Body() dto: ToolCreateDto): Promise<ToolResponseDto> {
    return this.tools.createTool(dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listTools',
    summary: 'List tools (active only unless include_inactive=true)',
  })
  @ApiOkResponse({ type: [ToolResponseDto] })
  listTools(@Query() query: ListQueryDto): Promise<ToolResponseDto[]> {
    return this.tools.listTools(query.includeInactive ?? false);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTool', summary: 'Get a tool by id' })
  @ApiOkResponse({ type: ToolResponseDto })
  getTool(@Param('id') id: string): Promise<ToolResponseDto> {
    return this.tools.getTool(id);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'updateTool', summary: 'Update any of a tool’s fields' })
  @ApiOkResponse({ type: ToolResponseDto })
  updateTool(@Param('id') id: string, @Body() dto: ToolUpdateDto): Promise<ToolResponseDto> {
    return this.tools.updateTool(id, dto);
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'deleteTool',
    summary: 'Delete a tool (it leaves every virtual server that bundled it)',
  })
  @ApiOkResponse({ type: ToolStatusResponseDto })
  async deleteTool(@Param('id') id: string): Promise<ToolStatusResponseDto> {
    const tool = await this.tools.deleteTool(id);
    return { status: 'success', message: `Tool ${tool.name} deleted successfully` };
  }

  @Post(':id/toggle')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'toggleTool',
    summary: 'Activate or deactivate a tool (deactivated tools leave MCP listings)',
  })
  @ApiOkResponse({ type: ToolStatusResponseDto })
  async toggleTool(@Param('id') id: string, @Query() query: ToggleQueryDto): Promise<ToolStatusResponseDto> {
    const activate = query.activate ?? true;
    const tool = await this.tools.toggleTool(id, activate);
    return {
      status: 'success',
      message: `Tool ${tool.name} ${activate ? 'activated' : 'deactivated'}`,
      tool,
    };
  }
}
