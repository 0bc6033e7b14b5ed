import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { OpenApiImportDto, OpenApiImportResultDto } from './dto/openapi-import.dto.js';
import { OpenApiImportService } from './openapi/openapi-import.service.js';

/** Tools made from API descriptions. Registered before ToolsController, whose `:id` routes would shadow these. */
@ApiTags('Tools')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller('tools')
export class ToolsImportController {
  constructor(private readonly imports: OpenApiImportService) {}

  @Post('import/openapi')
  @ApiOperation({
    operationId: 'importOpenApiTools',
    summary: 'Create one REST tool per operation of an OpenAPI 3.0/3.1 document (fetched by url, or inline)',
    description:
      'Input schemas come from the path, query and header parameters and the JSON request body; output ' +
      'schemas from the 2xx JSON response. Operations whose tool name is taken, or that cannot be converted, ' +
      'are listed in `skipped` with the reason. The document URL and the API base URL go through the outbound ' +
      'URL guard (SSRF_ALLOW_LOCALHOST, SSRF_ALLOW_PRIVATE_NETWORKS).',
  })
  @ApiCreatedResponse({ type: OpenApiImportResultDto })
  @ApiUnprocessableEntityResponse({
    description:
      'OPENAPI_IMPORT_INVALID (neither or both of url and document), OPENAPI_FETCH_FAILED, ' +
      'OPENAPI_DOCUMENT_INVALID, OUTBOUND_URL_REFUSED; nothing was created',
  })
  importOpenApiTools(@Body() dto: OpenApiImportDto): Promise<OpenApiImportResultDto> {
    return this.imports.importOpenApi(dto);
  }
}
