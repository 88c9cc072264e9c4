import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { type Core, createCore, createLogger, defaultDatabaseFile, DEMO_LINE_MEAN_INTERVAL_MS, demoSupervisorNotice, FIRST_RUN_CUSTOMERS, openSqliteStore, seedOnFirstRun, validateOutputFromEnv } from '../core';
import { bindIpc } from './ipc-binding';
import { commandLineSwitches, hardenSession, hardenWindow, trustedIpcSender, windowPreferences } from './window-security';

// WebRTC on loopback (the lab PBX on 127.0.0.1) needs a switch that packaged builds never get.
for (const flag of commandLineSwitches(app.isPackaged)) app.commandLine.appendSwitch(flag);

const logger = createLogger('main');
let core: Core | null = null;

async function start(): Promise<void> {
  // The same file browser mode and the CLIs open (not Electron's userData folder).
  const dbFile = defaultDatabaseFile();
  const seeded = await seedOnFirstRun(dbFile, FIRST_RUN_CUSTOMERS, (p) => logger.info(p, 'seeding demo CRM'));
  if (seeded !== null) console.log(demoSupervisorNotice(seeded.supervisor));
  // The embedded core is reached only through this process's windows: the demo quick start is safe.
  core = await createCore({ store: openSqliteStore(dbFile), logger, validateOutput: validateOutputFromEnv(), demoLineMeanIntervalMs: DEMO_LINE_MEAN_INTERVAL_MS, quickStart: true });
  const appRoot = join(app.getAppPath(), 'renderer', 'dist');
  bindIpc(ipcMain, core, (event) => trustedIpcSender(event.senderFrame, appRoot));
  hardenSession(session.defaultSession, appRoot);

  const rendererIndex = join(appRoot, 'index.html');
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Frontline',
    webPreferences: windowPreferences(join(__dirname, 'preload.cjs'), app.isPackaged),
  });
  hardenWindow(window, appRoot);
  await window.loadFile(rendererIndex);
  if (process.env.FRONTLINE_SMOKE === '1') {
    const title = await window.webContents.executeJavaScript('document.title');
    console.log(`FRONTLINE_SMOKE_OK ${String(title)}`);
    app.quit();
  }
}

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    logger.error({ err: error }, 'electron failed to start');
    app.exit(1);
  });
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
});
