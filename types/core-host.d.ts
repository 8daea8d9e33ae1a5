/**
 * The host globals src/core may use: the ones every host of the engine (a browser's Web Worker, Node)
 * provides. tsconfig.core.json compiles the core with the ES library and these only, so a DOM or Node API
 * in the core is a type error.
 */
declare const performance: { now(): number };
declare function structuredClone<T>(value: T): T;
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
/** Cancellation of long work (runPlan): the part of the WHATWG AbortSignal both hosts implement. */
interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
