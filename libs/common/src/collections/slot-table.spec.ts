import { describe, expect, it } from 'vitest';
import { SlotTable } from './slot-table.js';

describe(SlotTable.name, () => {
  it('hands out a handle per value and finds each value by its handle', () => {
    const table = new SlotTable<string>();
    const a = table.add('a');
    const b = table.add('b');
    expect(a).not.toBe(b);
    expect(table.get(a)).toBe('a');
    expect(table.get(b)).toBe('b');
    expect(table.size).toBe(2);
    expect(table.values()).toEqual(['a', 'b']);
  });

  it('forgets a deleted value, once', () => {
    const table = new SlotTable<string>();
    const a = table.add('a');
    expect(table.delete(a)).toBe(true);
    expect(table.delete(a)).toBe(false);
    expect(table.get(a)).toBeUndefined();
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
  });

  it('never lets a stale handle reach the value that took its slot next', () => {
    const table = new SlotTable<string>();
    const old = table.add('old');
    table.delete(old);
    const next = table.add('next');
    expect(next).not.toBe(old);
    expect(table.get(old)).toBeUndefined();
    expect(table.delete(old)).toBe(false);
    expect(table.get(next)).toBe('next');
  });

  it('reuses slots, so it holds no more than the most values in flight at once', () => {
    const table = new SlotTable<number>();
    for (let i = 0; i < 1000; i++) table.delete(table.add(i));
    const entries = (table as unknown as { entries: unknown[] }).entries;
    expect(entries.length).toBe(1);
  });

  it('refuses handles it never handed out', () => {
    const table = new SlotTable<string>();
    table.add('a');
    for (const handle of [-1, 0.5, Number.NaN, 2 ** 60, 12345]) expect(table.get(handle)).toBeUndefined();
  });

  it('empties on clear, and stale handles stay dead afterwards', () => {
    const table = new SlotTable<string>();
    const a = table.add('a');
    table.clear();
    expect(table.get(a)).toBeUndefined();
    expect(table.size).toBe(0);
    const b = table.add('b');
    expect(table.get(a)).toBeUndefined();
    expect(table.get(b)).toBe('b');
  });
});
