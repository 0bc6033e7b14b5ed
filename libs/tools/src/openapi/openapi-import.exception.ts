import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type OpenApiImportErrorCode =
  /** Neither or both of url and document, or options that cannot be used. */
  | 'OPENAPI_IMPORT_INVALID'
  /** The document could not be fetched from its URL (network, HTTP status, redirect, size). */
  | 'OPENAPI_FETCH_FAILED'
  /** What was fetched or sent is not an OpenAPI 3.0/3.1 document the importer can read. */
  | 'OPENAPI_DOCUMENT_INVALID';

/** Why an OpenAPI import was refused as a whole (422); nothing was created. */
export class OpenApiImportException extends GatewayException<OpenApiImportErrorCode> {
  constructor(code: OpenApiImportErrorCode, message: string) {
    super(code, message, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
