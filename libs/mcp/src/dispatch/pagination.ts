import { McpError } from '../protocol/jsonrpc.js';

export const PAGE_SIZE = 100;

/**
 * Cursor pagination for list methods. Cursors are opaque to clients (base64url of the next offset); a cursor
 * that this gateway did not issue is an Invalid Params error, as the MCP pagination rules ask.
 */
export function paginate<T>(
  items: T[],
  cursor: unknown,
  pageSize = PAGE_SIZE,
): { page: T[]; nextCursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    const decoded = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
    const match = /^o:(\d+)$/.exec(decoded);
    if (!match) throw McpError.invalidParams('Invalid cursor');
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < items.length
    ? { page, nextCursor: Buffer.from(`o:${next}`).toString('base64url') }
    : { page };
}
