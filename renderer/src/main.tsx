import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient } from './platform/api-client';
import { pickTransport } from './platform/pick-transport';
import { createAppStores, StoresProvider } from './stores';
import './styles.css';

const api = createApiClient(pickTransport());
const stores = createAppStores(api);
const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
