import { afterEach, describe, expect, it, vi } from 'vitest';
import { beforeTimeout } from '../../src/core/timeout';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('beforeTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it("gives the work's value when it comes first, and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const out = beforeTimeout(after(10, 'work'), 50, () => 'late');
    await vi.advanceTimersByTimeAsync(10);
    await expect(out).resolves.toBe('work');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives late()'s value when the time runs out first, or its error", async () => {
    vi.useFakeTimers();
    const out = beforeTimeout(after(100, 'work'), 30, () => 'late');
    const failing = beforeTimeout(after(100, 'work'), 30, () => {
      throw new Error('too slow');
    });
    const settled = failing.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(30);
    await expect(out).resolves.toBe('late');
    await expect(settled).resolves.toBe('too slow');
    expect(vi.getTimerCount()).toBe(2); // only the two works' own timers
  });

  it("passes the work's rejection on, and sets no timer for an infinite wait", async () => {
    await expect(beforeTimeout(Promise.reject(new Error('broke')), 1000, () => 0)).rejects.toThrow('broke');
    vi.useFakeTimers();
    const out = beforeTimeout(after(5000, 'work'), Infinity, () => 'late');
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    await expect(out).resolves.toBe('work');
  });
});
