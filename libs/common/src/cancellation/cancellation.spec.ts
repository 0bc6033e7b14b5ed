import { describe, expect, it, vi } from 'vitest';
import { Cancellation } from './cancellation.js';

describe(Cancellation.name, () => {
  it('aborts once, with the given reason, calling each listener once in order', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    cancellation.addEventListener('abort', () => calls.push('first'));
    cancellation.addEventListener('abort', () => calls.push('second'));
    const reason = new Error('stop');
    cancellation.abort(reason);
    cancellation.abort(new Error('again'));
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe(reason);
    expect(calls).toEqual(['first', 'second']);
  });

  it('gives an AbortError when aborted without a reason, as AbortController does', () => {
    const cancellation = new Cancellation();
    cancellation.abort();
    expect(cancellation.reason).toMatchObject({ name: 'AbortError' });
    expect(() => cancellation.throwIfAborted()).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });

  it('does not call a removed listener, nor one added after the abort', () => {
    const cancellation = new Cancellation();
    const removed = vi.fn();
    const late = vi.fn();
    cancellation.addEventListener('abort', removed);
    cancellation.removeEventListener('abort', removed);
    cancellation.abort();
    cancellation.addEventListener('abort', late);
    expect(removed).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });

  it('still calls the other listeners when one throws', async () => {
    const cancellation = new Cancellation();
    const after = vi.fn();
    const uncaught = new Promise<unknown>((resolve) => {
      const original = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of original) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    cancellation.addEventListener('abort', () => {
      throw new Error('listener failed');
    });
    cancellation.addEventListener('abort', after);
    cancellation.abort();
    expect(after).toHaveBeenCalledOnce();
    await expect(uncaught).resolves.toMatchObject({ message: 'listener failed' });
  });

  it('is accepted where a signal is read the AbortSignal way', () => {
    const cancellation = new Cancellation();
    expect(cancellation.signal).toBe(cancellation);
    expect(cancellation.aborted).toBe(false);
  });
});
