import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url.js';

describe(parseDatabaseUrl.name, () => {
  const cwd = '/srv/gateway';

  it('resolves a relative sqlite path against the working directory', () => {
    const sut = parseDatabaseUrl('sqlite:///./mcp.db', cwd);
    expect(sut).toEqual({ dialect: 'sqlite', path: '/srv/gateway/mcp.db' });
  });

  it('resolves a bare relative sqlite path (no ./) against the working directory', () => {
    const sut = parseDatabaseUrl('sqlite:///data/mcp.db', cwd);
    expect(sut).toEqual({ dialect: 'sqlite', path: '/srv/gateway/data/mcp.db' });
  });

  it('keeps an absolute sqlite path (four slashes) as it is', () => {
    const sut = parseDatabaseUrl('sqlite:////var/lib/mcp.db', cwd);
    expect(sut).toEqual({ dialect: 'sqlite', path: '/var/lib/mcp.db' });
  });

  it('keeps :memory: untouched rather than treating it as a file name', () => {
    const sut = parseDatabaseUrl('sqlite:///:memory:', cwd);
    expect(sut).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('uses process.cwd() when no working directory is given', () => {
    const sut = parseDatabaseUrl('sqlite:///./mcp.db');
    expect(sut).toEqual({ dialect: 'sqlite', path: `${process.cwd()}/mcp.db` });
  });

  it.each([
    ['postgres://u:p@h:5432/db', 'postgresql://u:p@h:5432/db'],
    ['postgresql://u:p@h:5432/db', 'postgresql://u:p@h:5432/db'],
    ['postgresql+psycopg://u:p@h/db', 'postgresql://u:p@h/db'],
    ['postgresql+psycopg2://u:p@h/db?sslmode=require', 'postgresql://u:p@h/db?sslmode=require'],
  ])('reads %s as the postgres URL %s', (url, expected) => {
    const sut = parseDatabaseUrl(url, cwd);
    expect(sut).toEqual({ dialect: 'postgres', url: expected });
  });

  it.each([
    ['mysql://u:p@h/db', 'mysql'],
    ['sqlite://mcp.db', 'sqlite'],
    ['mongodb+srv://u:p@h/db', 'mongodb+srv'],
    ['postgresql+://u:p@h/db', 'postgresql+'],
  ])('rejects %s, naming the scheme %s', (url, scheme) => {
    expect(() => parseDatabaseUrl(url, cwd)).toThrow(`Unsupported DATABASE_URL scheme: ${scheme}`);
  });

  it('does not repeat the password when it rejects a URL', () => {
    expect(() => parseDatabaseUrl('mysql://user:hunter2@db/x', cwd)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
