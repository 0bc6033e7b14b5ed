import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolCallLimiter } from './tool-call-limiter.js';

describe(ToolCallLimiter.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 31, 12, 0, 0) });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows `concurrentLimit` calls in flight per tool, and another once one ends', () => {
    const sut = new ToolCallLimiter(100, 2);
    expect(sut.tryAcquire('a')).toBeNull();
    expect(sut.tryAcquire('a')).toBeNull();
    expect(sut.tryAcquire('a')).toBe('TOOL_CONCURRENCY_LIMITED');
    expect(sut.tryAcquire('b')).toBeNull();
    sut.release('a');
    expect(sut.tryAcquire('a')).toBeNull();
  });

  it('does not spend a rate slot on a call refused for concurrency', () => {
    const sut = new ToolCallLimiter(2, 1);
    expect(sut.tryAcquire('a')).toBeNull();
    expect(sut.tryAcquire('a')).toBe('TOOL_CONCURRENCY_LIMITED');
    sut.release('a');
    expect(sut.tryAcquire('a')).toBeNull();
    sut.release('a');
    expect(sut.tryAcquire('a')).toBe('TOOL_RATE_LIMITED');
  });

  it('allows `rateLimit` starts in any sliding minute', () => {
    const sut = new ToolCallLimiter(3, 100);
    const call = () => {
      const refusal = sut.tryAcquire('a');
      if (refusal === null) sut.release('a');
      return refusal;
    };
    expect(call()).toBeNull(); // t = 0
    vi.advanceTimersByTime(20_000);
    expect(call()).toBeNull(); // t = 20 s
    vi.advanceTimersByTime(20_000);
    expect(call()).toBeNull(); // t = 40 s
    expect(call()).toBe('TOOL_RATE_LIMITED');
    expect(sut.rateResetInMs('a')).toBe(20_000);
    vi.advanceTimersByTime(19_999);
    expect(call()).toBe('TOOL_RATE_LIMITED'); // the call at t = 0 is still inside the window
    vi.advanceTimersByTime(1);
    expect(call()).toBeNull(); // t = 60 s: the first call left the window
    expect(call()).toBe('TOOL_RATE_LIMITED');
    vi.advanceTimersByTime(20_000);
    expect(call()).toBeNull(); // t = 80 s: the call at 20 s left
    expect(sut.rateResetInMs('b')).toBe(0);
  });

  it('slides by whole seconds: a start counts until its second is a minute old', () => {
    const sut = new ToolCallLimiter(1, 100);
    vi.advanceTimersByTime(500); // t = 0.5 s
    expect(sut.tryAcquire('a')).toBeNull();
    sut.release('a');
    vi.advanceTimersByTime(59_499); // t = 59.999 s
    expect(sut.tryAcquire('a')).toBe('TOOL_RATE_LIMITED');
    expect(sut.rateResetInMs('a')).toBe(1);
    vi.advanceTimersByTime(1); // t = 60 s: the second of the start left the window
    expect(sut.tryAcquire('a')).toBeNull();
  });

  it('keeps a fixed size whatever the limit and the rate: a large limit is counted, not stored call by call', () => {
    const sut = new ToolCallLimiter(1_000_000, 1);
    let refused = 0;
    for (let i = 0; i < 50_000; i++) {
      if (sut.tryAcquire('a') !== null) refused++;
      sut.release('a');
      if (i % 500 === 0) vi.setSystemTime(Date.now() + 100);
    }
    expect(refused).toBe(0);
    const slots = (sut as unknown as { slots: Map<string, { counts: number[]; total: number }> }).slots.get(
      'a',
    );
    expect(slots?.counts).toHaveLength(60);
    expect(slots?.total).toBe(50_000); // 10 s of calls, all still in the window
    vi.advanceTimersByTime(60_000);
    expect(sut.rateResetInMs('a')).toBe(0);
  });

  it('counts each tool separately and ignores a release without a call', () => {
    const sut = new ToolCallLimiter(1, 1);
    sut.release('a');
    expect(sut.tryAcquire('a')).toBeNull();
    expect(sut.tryAcquire('b')).toBeNull();
    sut.release('a');
    sut.release('a');
    expect(sut.tryAcquire('a')).toBe('TOOL_RATE_LIMITED');
  });
});
