/**
 * Makes the page cross-origin isolated where the host cannot send the headers itself, so tfjs-wasm can use
 * its multi-threaded SIMD build (SharedArrayBuffer needs isolation). `npm run dev` and `npm run preview`
 * send the headers (vite.config.ts); a static host such as GitHub Pages gets them from public/coi-sw.js,
 * a service worker registered here, after which the page reloads once. Nothing happens where the page is
 * already isolated, where service workers are unavailable (insecure origin, private mode), or after one
 * reload that did not help (the flag in sessionStorage stops a reload loop).
 */
const RELOADED = 'basin-coi-reloaded';

export async function ensureCrossOriginIsolation(): Promise<void> {
  if (window.crossOriginIsolated || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  try {
    const registration = await navigator.serviceWorker.register(`${base}coi-sw.js`, { scope: base });
    if (sessionStorage.getItem(RELOADED)) return; // reloaded once already: the host or browser refuses
    const reload = () => {
      sessionStorage.setItem(RELOADED, '1');
      window.location.reload();
    };
    if (navigator.serviceWorker.controller) reload();
    else if (registration.active || registration.installing || registration.waiting)
      navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
  } catch {
    // Registration refused: the app runs single-threaded, and the backend badge says so.
  }
}
