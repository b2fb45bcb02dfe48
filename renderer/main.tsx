// The dashboard's entry: pick the transport, build the store, start the one bridge that feeds it from
// the node's events, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/app.css';
import { App } from './app/App.js';
import { pickTransport } from './lib/api.js';
import { createAppStore, StoreContext } from './store/app-store.js';
import { startBridge } from './store/bridge.js';
import { routeFromHash } from './store/routes.js';

const store = createAppStore(pickTransport(), routeFromHash(window.location.hash));
startBridge(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
