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
} from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ListQueryDto, ToggleQueryDto } from '@app/common';
import { PromptCreateDto } from './dto/prompt-create.dto.js';
import {
  PromptResponseDto,
  PromptResultDto,
  PromptStatusResponseDto,
  PromptVersionResponseDto,
} from './dto/prompt-response.dto.js';
import { PromptRollbackDto } from './dto/prompt-rollback.dto.js';
import { PromptUpdateDto } from './dto/prompt-update.dto.js';
import { PromptsException } from './prompts.exception.js';
import { PromptsService } from './prompts.service.js';

// Toggle addresses prompts by their numeric id, as the reference does; anything else names no prompt.
const promptId = new ParseIntPipe({
  exceptionFactory: () =>
    new PromptsException('PROMPT_NOT_FOUND', 'Prompt not found: toggle takes the numeric prompt id'),
});

@ApiTags('Prompts')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('prompts')
export class PromptsController {
  constructor(private readonly prompts: PromptsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createPrompt',
    summary: 'Register a prompt template (409 when the name is taken, 413 above MAX_PROMPT_SIZE)',
  })
  @ApiCreatedResponse({ type: PromptResponseDto })
  createPrompt(@Body() dto: PromptCreateDto): Promise<PromptResponseDto> {
    return this.prompts.createPrompt(dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listPrompts',
    summary: 'List prompts (active only unless include_inactive=true)',
  })
  @ApiOkResponse({ type: [PromptResponseDto] })
  listPrompts(@Query() query: ListQueryDto): Promise<PromptResponseDto[]> {
    return this.prompts.listPrompts(query.includeInactive ?? false);
  }

  @Get(':name')
  @ApiOperation({ operationId: 'getPrompt', summary: 'Render a prompt without arguments' })
  @ApiOkResponse({ type: PromptResultDto })
  getPrompt(@Param('name') name: string): Promise<PromptResultDto> {
    return this.prompts.renderPrompt(name, {});
  }

  @Post(':name')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'renderPrompt',
    summary: 'Render a prompt with the arguments in the body (422 when required ones are missing)',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, example: { user: 'Alice' } } })
  @ApiOkResponse({ type: PromptResultDto })
  renderPrompt(@Param('name') name: string, @Body() args: Record<string, unknown>): Promise<PromptResultDto> {
    return this.prompts.renderPrompt(name, args);
  }

  @Put(':name')
  @ApiOperation({
    operationId: 'updatePrompt',
    summary: 'Update any of a prompt’s fields; the previous state is kept as a version',
  })
  @ApiOkResponse({ type: PromptResponseDto })
  updatePrompt(@Param('name') name: string, @Body() dto: PromptUpdateDto): Promise<PromptResponseDto> {
    return this.prompts.updatePrompt(name, dto);
  }

  @Delete(':name')
  @ApiOperation({
    operationId: 'deletePrompt',
    summary: 'Delete a prompt and its versions (it leaves every virtual server that bundled it)',
  })
  @ApiOkResponse({ type: PromptStatusResponseDto })
  async deletePrompt(@Param('name') name: string): Promise<PromptStatusResponseDto> {
    const prompt = await this.prompts.deletePrompt(name);
    return { status: 'success', message: `Prompt ${prompt.name} deleted successfully` };
  }

  @Post(':id/toggle')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'togglePrompt',
    summary: 'Activate or deactivate a prompt by numeric id (deactivated prompts cannot be rendered)',
  })
  @ApiOkResponse({ type: PromptStatusResponseDto })
  async togglePrompt(
    @Param('id', promptId) id: number,
    @Query() query: ToggleQueryDto,
  ): Promise<PromptStatusResponseDto> {
    const activate = query.activate ?? true;
    const prompt = await this.prompts.togglePrompt(id, activate);
    return {
      status: 'success',
      message: `Prompt ${prompt.name} ${activate ? 'activated' : 'deactivated'}`,
      prompt,
    };
  }

  @Get(':name/versions')
  @ApiOperation({
    operationId: 'listPromptVersions',
    summary: 'A prompt’s versions, newest first, the current one included',
  })
  @ApiOkResponse({ type: [PromptVersionResponseDto] })
  listPromptVersions(@Param('name') name: string): Promise<PromptVersionResponseDto[]> {
    return this.prompts.listPromptVersions(name);
  }

  @Post(':name/rollback')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'rollbackPrompt',
    summary: 'Make an earlier version current again (as a new version; history is kept)',
  })
  @ApiOkResponse({ type: PromptResponseDto })
  rollbackPrompt(@Param('name') name: string, @Body() dto: PromptRollbackDto): Promise<PromptResponseDto> {
    return this.prompts.rollbackPrompt(name, dto.version);
  }
}
