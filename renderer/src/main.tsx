import { StrictMode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Wallboard } from './features/wallboard';
import { createWallboardApp } from './features/wallboard';
import { parseWallboardHash } from './features/wallboard';
import { createApiClient } from './platform/api-client';
import { pickTransport } from './platform/pick-transport';
import { createAppStores } from './app/composition-root';
import { StoresProvider } from './app/stores-context';
import { startI18n } from './i18n';
import './styles.css';

const i18n = startI18n();

const api = createApiClient(pickTransport());
// The same build is the agent's desk and, at #/wallboard?token=…, a read-only wallboard that never signs in as an agent.
const wallboard = parseWallboardHash(window.location.hash);
const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {wallboard === null ? (
        <StoresProvider stores={createAppStores(api)}>
          <App />
        </StoresProvider>
      ) : (
        <Wallboard app={createWallboardApp(api, wallboard)} />
      )}
    </I18nextProvider>
  </StrictMode>,
);
