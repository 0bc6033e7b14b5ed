import { ValidationPipe, HttpStatus } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import {
  appInfo,
  ConfigValidationError,
  correlationId,
  type GatewayConfig,
  GatewayLogger,
  loadGatewayConfig,
  type RawEnv,
  redactedConfig,
  rejectNulCharacters,
  requestLogging,
  RestExceptionFilter,
} from '@app/common';
import { CredentialsVerifier } from '@app/auth';
import { McpHttpEntry, StdioTransport } from '@app/mcp';
import { AppModule } from './app.module.js';

const DOC_PATHS = new Set(['/docs', '/openapi.json', '/redoc']);

/** Creates the Nest application with every cross-cutting concern applied, without listening. */
export async function createGatewayApp(
  config: GatewayConfig,
  logger: GatewayLogger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  const root = config.appRootPath;
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.enableShutdownHooks();

  app.use(correlationId());
  app.use(requestLogging(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'worker-src': ["'self'", 'blob:'], 'img-src': ["'self'", 'data:', 'https:'] },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.corsEnabled) {
    app.enableCors({
      origin: config.allowedOrigins.includes('*') ? true : config.allowedOrigins,
      credentials: true,
      exposedHeaders: ['Mcp-Session-Id', 'X-Correlation-ID'],
    });
  }
  app.useBodyParser('json', { limit: config.maxRequestSize });
  app.useBodyParser('urlencoded', { limit: config.maxRequestSize, extended: true });
  app.use(rejectNulCharacters(logger));
  if (root) app.setGlobalPrefix(root);

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      validationError: { target: false, value: false },
    }),
  );

  // The API description is as guarded as the API; Basic challenge so a browser can log in to /docs.
  const verifier = app.get(CredentialsVerifier);
  const filter = new RestExceptionFilter(logger);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path.startsWith(root) ? req.path.slice(root.length) || '/' : req.path;
    const docPath = DOC_PATHS.has(path) || path.startsWith('/docs/');
    if (!docPath || !config.authRequired) return next();
    try {
      verifier.authenticate(req.headers.authorization);
      next();
    } catch (error) {
      res.setHeader('WWW-Authenticate', `Basic realm="${config.appName.replace(/"/g, '')}", charset="UTF-8"`);
      const body = filter.toBody(error, String(res.getHeader('x-correlation-id')));
      res.status(body.statusCode).json(body);
    }
  });

  // MCP endpoints are served ahead of Express (see docs/architecture.md).
  app.get(McpHttpEntry).attach(app.getHttpServer());

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    useGlobalPrefix: true,
    jsonDocumentUrl: 'openapi.json',
    customSiteTitle: `${config.appName} - Swagger UI`,
    // No call to the public validator service: the API description stays on this host.
    swaggerOptions: { persistAuthorization: false, validatorUrl: null },
  });
  return app;
}

/** The OpenAPI document of the REST API: stable operation ids (the method names) for generated clients. */
export function buildOpenApiDocument(app: NestExpressApplication, config: GatewayConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(config.appName)
    .setDescription(
      'MCP gateway, proxy and registry: REST management API. MCP endpoints are described in the README.',
    )
    .setVersion(appInfo().version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addBasicAuth({ type: 'http', scheme: 'basic' });
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controller: string, method: string) => method,
  });
}

/** Starts the gateway and listens on HOST:PORT; resolves once it accepts connections. */
export async function startGateway(
  config: GatewayConfig,
  logger: GatewayLogger,
): Promise<NestExpressApplication> {
  warnAboutDefaults(config, logger);
  const app = await createGatewayApp(config, logger);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.pino.info(
    {
      context: 'Bootstrap',
      host: config.host,
      port,
      rootPath: config.appRootPath || '/',
      config: redactedConfig(config),
    },
    `${config.appName} listening on http://${config.host}:${port}${config.appRootPath}`,
  );
  if (config.transportType === 'stdio') serveStdio(app, logger);
  return app;
}

/**
 * TRANSPORT_TYPE=stdio: one MCP session on this process's stdin/stdout, while REST stays on HTTP so the registry
 * can still be managed. The client closing stdin is the end of the session and of the gateway, as MCP's stdio
 * transport expects of a server; the shutdown is the same graceful one a signal gets.
 */
function serveStdio(app: NestExpressApplication, logger: GatewayLogger): void {
  void app
    .get(StdioTransport)
    .serve(process.stdin, process.stdout)
    .then(async (why) => {
      if (why !== 'client') return;
      let code = 0;
      try {
        await app.close();
      } catch (error) {
        logger.error(error instanceof Error ? error : String(error), 'Bootstrap');
        code = 1;
      }
      logger.flush();
      process.exit(code);
    });
}

function warnAboutDefaults(config: GatewayConfig, logger: GatewayLogger): void {
  if (config.devMode) return;
  const defaults: string[] = [];
  if (config.jwtSecretKey === 'my-test-key') defaults.push('JWT_SECRET_KEY');
  if (config.basicAuthPassword === 'changeme') defaults.push('BASIC_AUTH_PASSWORD');
  if (config.authEncryptionSecret === 'my-test-salt') defaults.push('AUTH_ENCRYPTION_SECRET');
  if (defaults.length > 0) {
    logger.pino.warn(
      { context: 'Bootstrap', variables: defaults },
      `Default secrets in use (${defaults.join(', ')}): set them before exposing the gateway`,
    );
  }
  if (!config.authRequired)
    logger.pino.warn({ context: 'Bootstrap' }, 'AUTH_REQUIRED=false: every route is open');
}

/**
 * Runs the gateway from an environment: validates it (a bad value exits with a message naming the variable),
 * then starts. Used by `node dist/apps/gateway/src/main.js` and by `mcpgateway serve`.
 */
export async function runGateway(env: RawEnv): Promise<NestExpressApplication> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new GatewayLogger(config);
  try {
    return await startGateway(config, logger);
  } catch (error) {
    logger.fatal(error instanceof Error ? error : String(error), 'Bootstrap');
    logger.flush();
    process.exit(1);
  }
}
