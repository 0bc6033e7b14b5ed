import { McpError } from '../protocol/jsonrpc.js';

/**
 * Cursor pagination for list methods. Cursors are opaque to clients (base64url of the next offset); a cursor
 * that this gateway did not issue is an Invalid Params error, as the MCP pagination rules ask.
 */
export function paginate<T>(
  items: T[],
  cursor: unknown,
  pageSize: number,
): { page: T[]; nextCursor?: string } {
  const offset = cursorOffset(cursor);
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < items.length
    ? { page, nextCursor: Buffer.from(`o:${next}`).toString('base64url') }
    : { page };
}

/** The offset a cursor stands for (0 without one); a cursor this gateway did not issue is Invalid Params. */
export function cursorOffset(cursor: unknown): number {
  if (cursor === undefined) return 0;
  const decoded = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^o:(\d{1,9})$/.exec(decoded);
  if (!match) throw McpError.invalidParams('Invalid cursor');
  return Number(match[1]);
}
