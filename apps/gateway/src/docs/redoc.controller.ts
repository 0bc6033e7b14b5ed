import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { appInfo, GatewayConfig } from '@app/common';

/** The ReDoc bundle is copied into dist/static at build time, so /redoc works without reaching any CDN. */
export const REDOC_BUNDLE = join(appInfo().root, 'dist', 'static', 'redoc.standalone.js');

@ApiExcludeController()
@Controller('redoc')
export class RedocController {
  constructor(private readonly config: GatewayConfig) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    const root = this.config.appRootPath;
    const title = this.config.appName.replace(/[<>&"]/g, '');
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} - ReDoc</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<redoc spec-url="${root}/openapi.json"></redoc>
<script src="${root}/redoc/redoc.standalone.js"></script>
</body>
</html>`;
  }

  @Get('redoc.standalone.js')
  bundle(@Res() res: Response): void {
    if (!existsSync(REDOC_BUNDLE)) throw new NotFoundException('ReDoc bundle missing: run npm run build');
    res.type('application/javascript').sendFile(REDOC_BUNDLE, { maxAge: '1d' });
  }
}
