/**
 * `work`'s value, or `late()`'s once `ms` have passed first (it may throw); the timer is cleared either
 * way. Infinite `ms`: no timer (setTimeout would fire at once).
 */
export async function beforeTimeout<T, U>(work: Promise<T>, ms: number, late: () => U): Promise<T | U> {
  if (!Number.isFinite(ms)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = { late: true } as const;
  try {
    const first = await Promise.race([
      work,
      new Promise<typeof expired>((resolve) => (timer = setTimeout(() => resolve(expired), Math.max(0, ms)))),
    ]);
    return first === expired ? late() : (first as T);
  } finally {
    clearTimeout(timer);
  }
}
