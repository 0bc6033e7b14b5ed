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
import { GatewayCreateDto } from './dto/gateway-create.dto.js';
import { GatewayUpdateDto } from './dto/gateway-update.dto.js';
import { GatewayResponseDto, GatewayStatusResponseDto } from './dto/gateway-response.dto.js';
import { GatewaysService } from './gateways.service.js';

@ApiTags('Gateways')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('gateways')
export class GatewaysController {
  constructor(private readonly gateways: GatewaysService) {}

  @Post()
  @ApiOperation({
    operationId: 'createGateway',
    summary: 'Register an upstream MCP server or peer gateway and import what it offers (502 if unreachable)',
  })
  @ApiCreatedResponse({ type: GatewayResponseDto })
  createGateway(@Body() dto: GatewayCreateDto): Promise<GatewayResponseDto> {
    return this.gateways.createGateway(dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listGateways',
    summary: 'List upstreams (active only unless include_inactive=true)',
  })
  @ApiOkResponse({ type: [GatewayResponseDto] })
  listGateways(@Query() query: ListQueryDto): Promise<GatewayResponseDto[]> {
    return this.gateways.listGateways(query.includeInactive ?? false);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getGateway', summary: 'Get an upstream, with its health status' })
  @ApiOkResponse({ type: GatewayResponseDto })
  getGateway(@Param('id') id: string): Promise<GatewayResponseDto> {
    return this.gateways.getGateway(id);
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'updateGateway',
    summary: 'Update an upstream (a new url, transport or auth reconnects and re-imports)',
  })
  @ApiOkResponse({ type: GatewayResponseDto })
  updateGateway(@Param('id') id: string, @Body() dto: GatewayUpdateDto): Promise<GatewayResponseDto> {
    return this.gateways.updateGateway(id, dto);
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'deleteGateway',
    summary: 'Delete an upstream and everything imported from it',
  })
  @ApiOkResponse({ type: GatewayStatusResponseDto })
  async deleteGateway(@Param('id') id: string): Promise<GatewayStatusResponseDto> {
    const gateway = await this.gateways.deleteGateway(id);
    return { status: 'success', message: `Gateway ${gateway.name} deleted successfully` };
  }

  @Post(':id/toggle')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'toggleGateway',
    summary: 'Activate or deactivate an upstream and its imported tools, resources and prompts',
  })
  @ApiOkResponse({ type: GatewayStatusResponseDto })
  async toggleGateway(
    @Param('id') id: string,
    @Query() query: ToggleQueryDto,
  ): Promise<GatewayStatusResponseDto> {
    const activate = query.activate ?? true;
    const gateway = await this.gateways.toggleGateway(id, activate);
    return {
      status: 'success',
      message: `Gateway ${gateway.name} ${activate ? 'activated' : 'deactivated'}`,
      gateway,
    };
  }

  @Post(':id/refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'refreshGateway',
    summary: 'List the upstream again and bring its imports up to date',
  })
  @ApiOkResponse({ type: GatewayResponseDto })
  refreshGateway(@Param('id') id: string): Promise<GatewayResponseDto> {
    return this.gateways.refreshGateway(id);
  }
}
