import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { EnvVar } from './env-var.decorator.js';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
export const TRANSPORT_TYPES = ['http', 'ws', 'sse', 'stdio', 'all'] as const;
export const CACHE_TYPES = ['none', 'memory', 'redis'] as const;
export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** MIME types accepted for resources when ALLOWED_MIME_TYPES is not set. */
export const DEFAULT_ALLOWED_MIME_TYPES = [
  'text/plain',
  'text/markdown',
  'text/html',
  'text/csv',
  'text/xml',
  'application/json',
  'application/xml',
  'application/yaml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
];

/**
 * The gateway's whole configuration: every setting of the reference README's tables, with its defaults.
 * Built once at start by `loadGatewayConfig`, then injected; nothing else reads the environment.
 */
export class GatewayConfig {
  // ── Basic
  @EnvVar('APP_NAME', 'string', 'Basic', 'Gateway / OpenAPI title')
  @IsString()
  @MinLength(1)
  appName = 'MCP Gateway';

  @EnvVar('HOST', 'string', 'Basic', 'Bind address for the app')
  @IsString()
  @MinLength(1)
  host = '0.0.0.0';

  @EnvVar('PORT', 'int', 'Basic', 'Port the server listens on (1-65535; 0 picks a free port)')
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 4444;

  @EnvVar(
    'DATABASE_URL',
    'string',
    'Basic',
    'Database URL: sqlite:///./mcp.db (file), sqlite:///:memory:, or postgresql://user:pass@host:5432/db',
    {
      sensitive: true,
    },
  )
  @Matches(/^(sqlite:\/\/\/.+|postgres(ql)?(\+\w+)?:\/\/.+)$/, {
    message: 'must be sqlite:///<path> or postgresql://user:pass@host:port/db',
  })
  databaseUrl = 'sqlite:///./mcp.db';

  @EnvVar(
    'APP_ROOT_PATH',
    'string',
    'Basic',
    'Subpath prefix for every route (e.g. /gateway) when reverse-proxied under a subpath',
  )
  @Matches(/^(\/[A-Za-z0-9._~-]+)*$/, {
    message: 'must be empty or a path like /gateway (no trailing slash)',
  })
  appRootPath = '';

  @EnvVar(
    'TEMPLATES_DIR',
    'string',
    'Basic',
    'Accepted for compatibility with the reference; unused (the admin UI is a prebuilt SPA served from STATIC_DIR)',
  )
  @IsString()
  templatesDir = 'templates';

  @EnvVar('STATIC_DIR', 'string', 'Basic', 'Directory of static files (the built admin SPA)')
  @IsString()
  staticDir = 'admin-ui/dist';

  // ── Authentication
  @EnvVar(
    'BASIC_AUTH_USER',
    'string',
    'Authentication',
    'Username for the admin UI and HTTP Basic authentication',
  )
  @IsString()
  @MinLength(1)
  basicAuthUser = 'admin';

  @EnvVar(
    'BASIC_AUTH_PASSWORD',
    'string',
    'Authentication',
    'Password for the admin UI and HTTP Basic authentication',
    {
      sensitive: true,
    },
  )
  @IsString()
  @MinLength(1)
  basicAuthPassword = 'changeme';

  @EnvVar('AUTH_REQUIRED', 'bool', 'Authentication', 'Require authentication on every API and MCP route')
  @IsBoolean()
  authRequired = true;

  @EnvVar(
    'JWT_SECRET_KEY',
    'string',
    'Authentication',
    'Key that signs and verifies JWTs (HMAC secret, or a PEM private key for RS/PS/ES algorithms)',
    {
      sensitive: true,
    },
  )
  @IsString()
  @MinLength(1)
  jwtSecretKey = 'my-test-key';

  @EnvVar('JWT_ALGORITHM', 'string', 'Authentication', 'JWT signing algorithm (HS256 default)')
  @IsIn(JWT_ALGORITHMS)
  jwtAlgorithm: JwtAlgorithm = 'HS256';

  @EnvVar('TOKEN_EXPIRY', 'int', 'Authentication', 'Expiry of generated JWTs in minutes')
  @IsInt()
  @Min(1)
  tokenExpiry = 10080;

  @EnvVar(
    'AUTH_ENCRYPTION_SECRET',
    'string',
    'Authentication',
    'Passphrase from which the AES-GCM key that encrypts stored upstream credentials is derived',
    {
      sensitive: true,
    },
  )
  @IsString()
  @MinLength(1)
  authEncryptionSecret = 'my-test-salt';

  // ── UI features
  @EnvVar('MCPGATEWAY_UI_ENABLED', 'bool', 'UI Features', 'Serve the admin dashboard at /admin')
  @IsBoolean()
  uiEnabled = true;

  @EnvVar(
    'MCPGATEWAY_ADMIN_API_ENABLED',
    'bool',
    'UI Features',
    'Enable the API endpoints used by the admin dashboard',
  )
  @IsBoolean()
  adminApiEnabled = true;

  // ── Security
  @EnvVar('SKIP_SSL_VERIFY', 'bool', 'Security', 'Skip TLS certificate verification on upstream calls')
  @IsBoolean()
  skipSslVerify = false;

  @EnvVar('ALLOWED_ORIGINS', 'json-array', 'Security', 'CORS allow-list (JSON array of origins)')
  @IsArray()
  @IsString({ each: true })
  allowedOrigins = ['http://localhost', 'http://localhost:4444'];

  @EnvVar('CORS_ENABLED', 'bool', 'Security', 'Enable CORS')
  @IsBoolean()
  corsEnabled = true;

  @EnvVar('MAX_REQUEST_SIZE', 'int', 'Security', 'Largest request body accepted, in bytes (413 above it)')
  @IsInt()
  @Min(1024)
  maxRequestSize = 16 * 1024 * 1024;

  @EnvVar(
    'SSRF_ALLOW_LOCALHOST',
    'bool',
    'Security',
    'Let tools and imports call loopback addresses (127.0.0.0/8, ::1, localhost)',
  )
  @IsBoolean()
  ssrfAllowLocalhost = true;

  @EnvVar(
    'SSRF_ALLOW_PRIVATE_NETWORKS',
    'bool',
    'Security',
    'Let tools and imports call private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7); link-local (cloud metadata) is always refused',
  )
  @IsBoolean()
  ssrfAllowPrivateNetworks = true;

  // ── Logging
  @EnvVar('LOG_LEVEL', 'string', 'Logging', 'Minimum log level: DEBUG, INFO, WARNING, ERROR, CRITICAL')
  @IsIn(LOG_LEVELS, { message: 'must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL' })
  logLevel: LogLevelName = 'INFO';

  @EnvVar('LOG_FORMAT', 'string', 'Logging', 'Log format: json or text')
  @IsIn(['json', 'text'])
  logFormat: 'json' | 'text' = 'json';

  @EnvVar(
    'LOG_FILE',
    'string',
    'Logging',
    'Append logs to this file as well as standard output (empty: stdout only)',
  )
  @IsOptional()
  @IsString()
  logFile: string | undefined = undefined;

  // ── Transport
  @EnvVar(
    'TRANSPORT_TYPE',
    'string',
    'Transport',
    'Enabled MCP transports: http, sse, ws; all = those three; stdio = one session on stdin/stdout (logs to stderr)',
  )
  @IsIn(TRANSPORT_TYPES)
  transportType: (typeof TRANSPORT_TYPES)[number] = 'all';

  @EnvVar('WEBSOCKET_PING_INTERVAL', 'int', 'Transport', 'WebSocket ping interval (seconds)')
  @IsInt()
  @Min(1)
  websocketPingInterval = 30;

  @EnvVar('SSE_RETRY_TIMEOUT', 'int', 'Transport', 'SSE retry hint sent to clients (milliseconds)')
  @IsInt()
  @Min(1)
  sseRetryTimeout = 5000;

  @EnvVar(
    'USE_STATEFUL_SESSIONS',
    'bool',
    'Transport',
    'Streamable HTTP keeps sessions (Mcp-Session-Id) instead of stateless requests',
  )
  @IsBoolean()
  useStatefulSessions = false;

  @EnvVar(
    'JSON_RESPONSE_ENABLED',
    'bool',
    'Transport',
    'Streamable HTTP answers with application/json instead of an SSE stream',
  )
  @IsBoolean()
  jsonResponseEnabled = true;

  @EnvVar(
    'MCP_LIST_PAGE_SIZE',
    'int',
    'Transport',
    'Items per page of MCP listings (tools, resources, templates, prompts); more come by nextCursor',
  )
  @IsInt()
  @Min(1)
  @Max(10_000)
  mcpListPageSize = 1000;

  // ── Federation
  @EnvVar('FEDERATION_ENABLED', 'bool', 'Federation', 'Enable federation with peer gateways')
  @IsBoolean()
  federationEnabled = true;

  @EnvVar('FEDERATION_DISCOVERY', 'bool', 'Federation', 'Auto-discover peers')
  @IsBoolean()
  federationDiscovery = false;

  @EnvVar('FEDERATION_PEERS', 'list', 'Federation', 'Peer gateway URLs (JSON array or comma-separated)')
  @IsArray()
  @Matches(/^https?:\/\/\S+$/, { each: true, message: 'must contain only http(s) URLs' })
  federationPeers: string[] = [];

  @EnvVar('FEDERATION_TIMEOUT', 'int', 'Federation', 'Timeout of calls to peer gateways (seconds)')
  @IsInt()
  @Min(1)
  federationTimeout = 30;

  @EnvVar('FEDERATION_SYNC_INTERVAL', 'int', 'Federation', 'Interval between peer catalogue syncs (seconds)')
  @IsInt()
  @Min(1)
  federationSyncInterval = 300;

  // ── Resources
  @EnvVar('RESOURCE_CACHE_SIZE', 'int', 'Resources', 'Entries in the resource content LRU cache')
  @IsInt()
  @Min(1)
  resourceCacheSize = 1000;

  @EnvVar('RESOURCE_CACHE_TTL', 'int', 'Resources', 'Resource cache TTL (seconds)')
  @IsInt()
  @Min(1)
  resourceCacheTtl = 3600;

  @EnvVar('RESOURCE_CACHE_MAX_BYTES', 'int', 'Resources', 'Most memory the resource cache may hold, in bytes')
  @IsInt()
  @Min(1024)
  resourceCacheMaxBytes = 256 * 1024 * 1024;

  @EnvVar('MAX_RESOURCE_SIZE', 'int', 'Resources', 'Largest resource content accepted (bytes)')
  @IsInt()
  @Min(1)
  maxResourceSize = 10 * 1024 * 1024;

  @EnvVar('ALLOWED_MIME_TYPES', 'json-array', 'Resources', 'MIME types accepted for resources (JSON array)')
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[\w.+-]+\/[\w.+*-]+$/, { each: true, message: 'must contain only MIME types like text/plain' })
  allowedMimeTypes = [...DEFAULT_ALLOWED_MIME_TYPES];

  // ── Tools
  @EnvVar('TOOL_TIMEOUT', 'int', 'Tools', 'Tool invocation timeout (seconds)')
  @IsInt()
  @Min(1)
  toolTimeout = 60;

  @EnvVar('MAX_TOOL_RETRIES', 'int', 'Tools', 'Retries of a tool call after a retryable failure')
  @IsInt()
  @Min(0)
  maxToolRetries = 3;

  @EnvVar('TOOL_RATE_LIMIT', 'int', 'Tools', 'Calls per minute allowed per tool')
  @IsInt()
  @Min(1)
  toolRateLimit = 100;

  @EnvVar('TOOL_CONCURRENT_LIMIT', 'int', 'Tools', 'Calls in flight allowed per tool')
  @IsInt()
  @Min(1)
  toolConcurrentLimit = 10;

  // ── Prompts
  @EnvVar('PROMPT_CACHE_SIZE', 'int', 'Prompts', 'Compiled prompt templates kept in memory')
  @IsInt()
  @Min(1)
  promptCacheSize = 100;

  @EnvVar('MAX_PROMPT_SIZE', 'int', 'Prompts', 'Largest prompt template accepted (bytes)')
  @IsInt()
  @Min(1)
  maxPromptSize = 102400;

  @EnvVar('PROMPT_RENDER_TIMEOUT', 'int', 'Prompts', 'Prompt render timeout (seconds)')
  @IsInt()
  @Min(1)
  promptRenderTimeout = 10;

  // ── Health checks
  @EnvVar(
    'HEALTH_CHECK_INTERVAL',
    'int',
    'Health Checks',
    'Interval between upstream health checks (seconds)',
  )
  @IsInt()
  @Min(1)
  healthCheckInterval = 60;

  @EnvVar('HEALTH_CHECK_TIMEOUT', 'int', 'Health Checks', 'Timeout of one upstream health check (seconds)')
  @IsInt()
  @Min(1)
  healthCheckTimeout = 10;

  @EnvVar(
    'UNHEALTHY_THRESHOLD',
    'int',
    'Health Checks',
    'Failed checks in a row before an upstream is deactivated (-1: never)',
  )
  @IsInt()
  @ValidateIf((o: GatewayConfig) => o.unhealthyThreshold !== -1)
  @Min(1, { message: 'must be a positive integer, or -1 to turn deactivation off' })
  unhealthyThreshold = 3;

  // ── Upstreams
  @EnvVar(
    'GATEWAY_TOOL_NAME_SEPARATOR',
    'string',
    'Upstreams',
    "Between an upstream's slug and the names of the tools and prompts imported from it",
  )
  @Matches(/^[A-Za-z0-9_.-]{1,4}$/, { message: 'must be 1 to 4 characters among letters, digits, _ . -' })
  gatewayToolNameSeparator = '-';

  // ── Database
  @EnvVar('DB_POOL_SIZE', 'int', 'Database', 'PostgreSQL connection pool size')
  @IsInt()
  @Min(1)
  dbPoolSize = 200;

  @EnvVar('DB_MAX_OVERFLOW', 'int', 'Database', 'Extra PostgreSQL connections allowed beyond the pool size')
  @IsInt()
  @Min(0)
  dbMaxOverflow = 10;

  @EnvVar('DB_POOL_TIMEOUT', 'int', 'Database', 'Wait for a free connection (seconds)')
  @IsInt()
  @Min(1)
  dbPoolTimeout = 30;

  @EnvVar('DB_POOL_RECYCLE', 'int', 'Database', 'Close and replace a connection after this many seconds')
  @IsInt()
  @Min(1)
  dbPoolRecycle = 3600;

  @EnvVar('DB_MAX_RETRIES', 'int', 'Database', 'Connection attempts at start before giving up')
  @IsInt()
  @Min(1)
  dbMaxRetries = 3;

  @EnvVar('DB_RETRY_INTERVAL_MS', 'int', 'Database', 'Pause between connection attempts (milliseconds)')
  @IsInt()
  @Min(1)
  dbRetryIntervalMs = 2000;

  // ── Cache
  @EnvVar('CACHE_TYPE', 'string', 'Cache', 'Cache backend: none, memory or redis')
  @IsIn(CACHE_TYPES)
  cacheType: (typeof CACHE_TYPES)[number] = 'memory';

  @EnvVar(
    'REDIS_URL',
    'string',
    'Cache',
    'Redis URL (required when CACHE_TYPE=redis), e.g. redis://localhost:6379/0',
    {
      sensitive: true,
    },
  )
  @ValidateIf((o: GatewayConfig) => o.cacheType === 'redis' || o.redisUrl !== undefined)
  @Matches(/^rediss?:\/\/.+/, {
    message: 'must be a redis:// or rediss:// URL (required when CACHE_TYPE=redis)',
  })
  redisUrl: string | undefined = undefined;

  @EnvVar('CACHE_PREFIX', 'string', 'Cache', 'Prefix of every cache key')
  @IsString()
  cachePrefix = 'mcpgw:';

  @EnvVar('REDIS_MAX_RETRIES', 'int', 'Cache', 'Redis connection attempts at start before giving up')
  @IsInt()
  @Min(1)
  redisMaxRetries = 3;

  @EnvVar('REDIS_RETRY_INTERVAL_MS', 'int', 'Cache', 'Pause between Redis connection attempts (milliseconds)')
  @IsInt()
  @Min(1)
  redisRetryIntervalMs = 2000;

  // ── Development
  @EnvVar('DEV_MODE', 'bool', 'Development', 'Development mode: relaxed start-up warnings')
  @IsBoolean()
  devMode = false;

  @EnvVar(
    'RELOAD',
    'bool',
    'Development',
    'Restart the server when source files change (mcpgateway serve --reload)',
  )
  @IsBoolean()
  reload = false;

  @EnvVar('DEBUG', 'bool', 'Development', 'Debug logging (same as LOG_LEVEL=DEBUG)')
  @IsBoolean()
  debug = false;
}
