import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Wallboard } from './features/wallboard/Wallboard';
import { createWallboardApp } from './features/wallboard/wallboard';
import { parseWallboardHash } from './features/wallboard/wallboard-route';
import { createApiClient } from './platform/api-client';
import { pickTransport } from './platform/pick-transport';
import { createAppStores, StoresProvider } from './stores';
import './styles.css';

const api = createApiClient(pickTransport());
// The same build is the agent's desk and, at #/wallboard?token=…, a read-only wallboard that never signs in as an agent.
const wallboard = parseWallboardHash(window.location.hash);
const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    {wallboard === null ? (
      <StoresProvider stores={createAppStores(api)}>
        <App />
      </StoresProvider>
    ) : (
      <Wallboard app={createWallboardApp(api, wallboard)} />
    )}
  </StrictMode>,
);
