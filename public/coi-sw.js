/*
 * Cross-origin isolation for static hosts that cannot send headers (GitHub Pages and the like): this
 * service worker re-serves every same-origin response with the headers Basin needs for multi-threaded
 * WebAssembly (SharedArrayBuffer):
 *   Cross-Origin-Opener-Policy: same-origin
 *   Cross-Origin-Embedder-Policy: require-corp
 * (the approach of the coi-serviceworker project). src/app/isolation.ts registers it only when the page is
 * not already isolated, then reloads once. A host that sends the two headers itself never needs it.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Requests the worker cannot repeat (an only-if-cached fetch from another origin) pass through.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response; // opaque: headers cannot be changed
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
