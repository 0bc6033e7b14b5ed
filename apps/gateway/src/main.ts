import 'reflect-metadata';
import { readEnvFile } from '@app/common';
import { runGateway } from './bootstrap.js';

// Timestamps without a zone (PostgreSQL TIMESTAMP) are written in the process's zone: every replica uses UTC.
process.env.TZ = 'UTC';

// Process entry: the environment over an optional .env file (ENV_FILE names another one).
void runGateway({ ...readEnvFile(process.env.ENV_FILE ?? '.env'), ...process.env });
