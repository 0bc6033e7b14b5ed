export * from './tool.entity.js';
