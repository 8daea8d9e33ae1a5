/**
 * Hooks for the browser journeys, on `window.basinTest`, installed only when the page is opened with
 * `?test-hooks` in its address (never in normal use): lose the WebGPU device on purpose (the fallback), and
 * cap the epochs of a lesson's or preset's runs (whole lessons in a few minutes).
 */
export interface TestHooks {
  /** Resolves false when the run is not on a WebGPU device. */
  simulateDeviceLoss?: () => Promise<boolean>;
  planEpochCap?: number;
}

/** The page's test hooks, or null when it was not opened with `?test-hooks`. */
export function testHooks(): TestHooks | null {
  if (!new URLSearchParams(window.location.search).has('test-hooks')) return null;
  const page = window as Window & { basinTest?: TestHooks };
  return (page.basinTest ??= {});
}
