import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ensureCrossOriginIsolation } from './isolation';
import './theme/app.css';

void ensureCrossOriginIsolation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
