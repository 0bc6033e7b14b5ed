import { describe, expect, it } from 'vitest';
import { slugify } from './gateways.service.js';

describe('slugify', () => {
  it.each([
    ['Weather', 'weather'],
    ['My  MCP Server!', 'my-mcp-server'],
    ['Café Crème', 'cafe-creme'],
    ['--peer_gateway--', 'peer-gateway'],
    ['数据', 'gateway'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
