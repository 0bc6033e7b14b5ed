import 'reflect-metadata';
import { readEnvFile } from '@app/common';
import { runGateway } from './bootstrap.js';

// Process entry: the environment over an optional .env file (ENV_FILE names another one).
void runGateway({ ...readEnvFile(process.env.ENV_FILE ?? '.env'), ...process.env });
