import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ensureCrossOriginIsolation } from './isolation';
import './theme/app.css';

void ensureCrossOriginIsolation();

createRoot(document.getElementById('root')!, {
  // A panel or figure that fails is caught by its ErrorBoundary, which says so on the page; the console
  // gets a warning, not an error.
  onCaughtError: (error) => console.warn('A panel failed and was replaced by its message:', error),
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
