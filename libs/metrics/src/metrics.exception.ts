import type { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

/** Codes of metrics errors, matched on by scripts. */
export type MetricsErrorCode = 'METRICS_RESET_ID_WITHOUT_ENTITY';

/** Errors of the metrics registry. */
export class MetricsException extends GatewayException<MetricsErrorCode> {
  constructor(code: MetricsErrorCode, message: string, status: HttpStatus) {
    super(code, message, status);
  }
}
