/**
 * The host globals src/core may use: the ones every host of the engine (a browser's Web Worker, Node)
 * provides. tsconfig.core.json compiles the core with the ES library and these only, so a DOM or Node API
 * in the core is a type error.
 */
declare const performance: { now(): number };
declare function structuredClone<T>(value: T): T;
declare function setTimeout(callback: () => void, ms?: number): unknown;
