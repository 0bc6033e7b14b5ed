import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * Reads DATABASE_URL in the reference's SQLAlchemy spelling.
 *
 * @example
 *   parseDatabaseUrl('sqlite:///./mcp.db')          // { dialect: 'sqlite', path: '<cwd>/mcp.db' }
 *   parseDatabaseUrl('sqlite:////var/lib/mcp.db')   // { dialect: 'sqlite', path: '/var/lib/mcp.db' }
 *   parseDatabaseUrl('postgresql+psycopg://u:p@h/db') // { dialect: 'postgres', url: 'postgresql://u:p@h/db' }
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:///')) {
    const path = url.slice('sqlite:///'.length);
    if (path === ':memory:') return { dialect: 'sqlite', path };
    return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  const match = /^postgres(?:ql)?(?:\+\w+)?:\/\/(.*)$/.exec(url);
  if (match) return { dialect: 'postgres', url: `postgresql://${match[1]}` };
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0]}`);
}
