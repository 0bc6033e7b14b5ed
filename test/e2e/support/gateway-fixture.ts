import { afterAll, beforeAll } from 'vitest';
import { ApiClient } from './api-client.js';
import {
  basic,
  baseEnv,
  createTestDatabase,
  startGateway,
  type RunningGateway,
  type TestDatabase,
} from './gateway-process.js';

export interface GatewayFixture {
  db: TestDatabase;
  gw: RunningGateway;
  /** Authenticated as the test admin (Basic). */
  api: ApiClient;
}

/**
 * One gateway for the enclosing describe block: a fresh database of this project's kind, the gateway started
 * on it with `env` over the test defaults, and an authenticated client; all stopped and dropped afterwards.
 * Read the fields inside tests and hooks (they are set in beforeAll).
 */
export function useGateway(env: Record<string, string> = {}): GatewayFixture {
  const fixture = {} as GatewayFixture;
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    fixture.gw = await startGateway({ ...baseEnv(fixture.db.url), ...env });
    fixture.api = new ApiClient(fixture.gw.url, basic('admin', 'e2e-basic-password'));
  });
  afterAll(async () => {
    await fixture.gw?.stop();
    await fixture.db?.drop();
  });
  return fixture;
}
