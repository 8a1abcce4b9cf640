// Start-up: pick the transport (the Electron preload if present, else HTTP to the host that
// served this page) and mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/client';
import { App } from './app/App';
import './styles.css';

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
createRoot(rootEl).render(
  <StrictMode>
    <App transport={pickTransport(window)} />
  </StrictMode>,
);
