export * from './prompt.entity.js';
export * from './prompt-version.entity.js';
export * from './prompts.module.js';
