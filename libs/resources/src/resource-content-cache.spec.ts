import { describe, expect, it } from 'vitest';
import { ResourceContentCache } from './resource-content-cache.js';

interface Value {
  v: string;
}

function cache(options: { max?: number; ttlMs?: number } = {}) {
  const clock = { t: 1_000, now: () => clock.t };
  const sut = new ResourceContentCache<Value>({
    max: options.max ?? 10,
    ttlMs: options.ttlMs ?? 60_000,
    clock,
  });
  let loads = 0;
  const load = (v: string) => () => {
    loads++;
    return Promise.resolve({ v });
  };
  return { sut, clock, load, loads: () => loads };
}

describe(ResourceContentCache.name, () => {
  it('loads once, then serves from memory', async () => {
    const { sut, load, loads } = cache();
    expect(await sut.getOrLoad('a://1', load('first'))).toEqual({ v: 'first' });
    expect(await sut.getOrLoad('a://1', load('second'))).toEqual({ v: 'first' });
    expect(loads()).toBe(1);
  });

  it('loads again after the URI is invalidated', async () => {
    const { sut, load } = cache();
    await sut.getOrLoad('a://1', load('old'));
    sut.invalidate('a://1');
    expect(sut.has('a://1')).toBe(false);
    expect(await sut.getOrLoad('a://1', load('new'))).toEqual({ v: 'new' });
  });

  it('keeps other URIs when one is invalidated', async () => {
    const { sut, load } = cache();
    await sut.getOrLoad('a://1', load('one'));
    await sut.getOrLoad('a://2', load('two'));
    sut.invalidate('a://1');
    expect(sut.has('a://2')).toBe(true);
  });

  it('forgets everything on clear', async () => {
    const { sut, load } = cache();
    await sut.getOrLoad('a://1', load('one'));
    await sut.getOrLoad('a://2', load('two'));
    sut.clear();
    expect(sut.size).toBe(0);
  });

  it('does not store a load that an invalidation overtook', async () => {
    const { sut, load } = cache();
    let release: (value: Value) => void = () => undefined;
    const slow = sut.getOrLoad('a://1', () => new Promise<Value>((resolve) => (release = resolve)));
    sut.invalidate('a://1'); // an update lands while the read is still at the database
    release({ v: 'stale' });
    expect(await slow).toEqual({ v: 'stale' });
    expect(sut.has('a://1')).toBe(false);
    expect(await sut.getOrLoad('a://1', load('fresh'))).toEqual({ v: 'fresh' });
  });

  it('does not cache a failed load', async () => {
    const { sut, load } = cache();
    await expect(sut.getOrLoad('a://1', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(sut.has('a://1')).toBe(false);
    expect(await sut.getOrLoad('a://1', load('back'))).toEqual({ v: 'back' });
  });

  it('expires entries after the TTL', async () => {
    const { sut, clock, load, loads } = cache({ ttlMs: 5_000 });
    await sut.getOrLoad('a://1', load('one'));
    clock.t += 4_999;
    expect(await sut.getOrLoad('a://1', load('two'))).toEqual({ v: 'one' });
    clock.t += 2;
    expect(await sut.getOrLoad('a://1', load('three'))).toEqual({ v: 'three' });
    expect(loads()).toBe(2);
  });

  it('evicts the least recently read entry beyond its size', async () => {
    const { sut, load } = cache({ max: 2 });
    await sut.getOrLoad('a://1', load('one'));
    await sut.getOrLoad('a://2', load('two'));
    await sut.getOrLoad('a://1', load('again')); // a://1 is now the most recent
    await sut.getOrLoad('a://3', load('three'));
    expect(sut.has('a://1')).toBe(true);
    expect(sut.has('a://2')).toBe(false);
    expect(sut.has('a://3')).toBe(true);
  });
});

describe('ResourceContentCache byte budget', () => {
  it('evicts the least recently used entries once maxBytes is reached, and never caches one larger than it', async () => {
    const sut = new ResourceContentCache<{ text: string }>({
      max: 100,
      ttlMs: 60_000,
      maxBytes: 100,
      sizeOf: (v) => v.text.length,
    });
    await sut.getOrLoad('a', () => Promise.resolve({ text: 'x'.repeat(60) }));
    await sut.getOrLoad('b', () => Promise.resolve({ text: 'y'.repeat(60) }));
    expect(sut.has('a')).toBe(false);
    expect(sut.has('b')).toBe(true);
    await sut.getOrLoad('huge', () => Promise.resolve({ text: 'z'.repeat(101) }));
    expect(sut.has('huge')).toBe(false);
  });
});
