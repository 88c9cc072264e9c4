import { app, BrowserWindow, ipcMain, Notification, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { type Core, createCore, createLogger, dataDirectory, defaultDatabaseFile, DEMO_LINE_MEAN_INTERVAL_MS, demoSupervisorNotice, FIRST_RUN_CUSTOMERS, openSqliteStore, seedOnFirstRun, validateOutputFromEnv } from '../core';
import { IPC_CHOOSE_CORE, IPC_FIRST_RUN, IPC_STORED_SESSION } from '../../shared/contract/ipc-channels';
import { loadDesktopTarget } from './desktop-settings';
import { isFirstRun, saveCoreChoice } from './first-run';
import { sealedFile, type SealedValue } from './sealed-file';
import { bindDialLinks } from './dial-links';
import { bindIpc, bindIpcSessions, type IpcEventLike } from './ipc-binding';
import { bindPhonePassword } from './phone-password';
import { bindRingingNotifications } from './ringing-notifications';
import { readRingingLink } from './ringing-toast';
import { remoteSessions } from './server-link';
import { commandLineSwitches, hardenSession, hardenWindow, trustedIpcSender, windowPreferences } from './window-security';

// WebRTC on loopback (the lab PBX on 127.0.0.1) needs a switch that packaged builds never get.
for (const flag of commandLineSwitches(app.isPackaged)) app.commandLine.appendSwitch(flag);

const logger = createLogger('main');
let core: Core | null = null;
const appRoot = join(app.getAppPath(), 'renderer', 'dist');
const trusted = (event: IpcEventLike): boolean => trustedIpcSender(event.senderFrame, appRoot);
// Answer/Decline on a Windows toast arrive as frontline://ringing/… links (ADR 0034), once the ringing binding exists.
let ringingLinks: (link: string) => boolean = (link) => readRingingLink(link) !== null;
// Before ready: macOS may hand over a dial link (open-url) while the app is still starting.
const dialLinks = bindDialLinks(app, ipcMain, process.argv, trusted, process.execPath, (link) => ringingLinks(link));

/** The embedded core on this machine's SQLite file: the single-desk default. */
async function embeddedCore(): Promise<Core> {
  // The same file browser mode and the CLIs open (not Electron's userData folder).
  const dbFile = defaultDatabaseFile();
  const seeded = await seedOnFirstRun(dbFile, FIRST_RUN_CUSTOMERS, (p) => logger.info(p, 'seeding demo CRM'));
  if (seeded !== null) console.log(demoSupervisorNotice(seeded.supervisor));
  // The embedded core is reached only through this process's windows: the demo quick start is safe.
  return createCore({ store: openSqliteStore(dbFile), logger, validateOutput: validateOutputFromEnv(), demoLineMeanIntervalMs: DEMO_LINE_MEAN_INTERVAL_MS, quickStart: true });
}

async function start(): Promise<void> {
  // ADR 0031: the embedded core, or each window on its own link to a team server (same contract, same renderer).
  const dataDir = dataDirectory();
  // ADR 0038: the first run asks "this computer or a team server" (the embedded core serves meanwhile).
  let firstRun = isFirstRun(dataDir);
  ipcMain.handle(IPC_FIRST_RUN, (event) => trusted(event) && firstRun);
  ipcMain.handle(IPC_CHOOSE_CORE, (event, choice: unknown) => {
    if (!trusted(event)) return { ok: false, problem: 'only the app window may choose' };
    const saved = saveCoreChoice(dataDir, choice);
    if (saved.ok) firstRun = false;
    if (saved.ok && saved.restart) {
      app.relaunch();
      setTimeout(() => app.exit(0), 100);
    }
    return saved;
  });
  const target = loadDesktopTarget(dataDir);
  // ADR 0038: on a team server the desk's session token is kept sealed by the OS keychain, so a restart resumes it.
  let vault: SealedValue | null = null;
  ipcMain.on(IPC_STORED_SESSION, (event: IpcEventLike & { returnValue: unknown }) => {
    event.returnValue = vault !== null && trusted(event) ? vault.load() : null;
  });
  // Issue 11 item 6: a SIP password typed into the phone settings (a PBX Frontline does not provision) is sealed too, never kept by the page.
  bindPhonePassword(ipcMain, sealedFile(join(dataDir, 'phone-password.sealed'), safeStorage, (message) => logger.warn(message)), trusted);
  if (target.mode === 'server') {
    logger.info({ url: target.link.url }, 'joining a team server');
    vault = sealedFile(join(dataDir, 'session.sealed'), safeStorage, (message) => logger.warn(message));
    bindIpcSessions(ipcMain, remoteSessions({ ...target.link, tokenStore: vault }), trusted);
  } else {
    core = await embeddedCore();
    bindIpc(ipcMain, core, trusted);
  }
  hardenSession(session.defaultSession, appRoot);
  // Incoming calls while the window is in the background (ADR 0034): Notification exists only once the app is ready.
  const ringing = bindRingingNotifications(ipcMain, (options) => new Notification(options), process.platform, trusted);
  ringingLinks = (link) => ringing.activate(link);

  const rendererIndex = join(appRoot, 'index.html');
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Frontline',
    webPreferences: windowPreferences(join(__dirname, 'preload.cjs'), app.isPackaged),
  });
  hardenWindow(window, appRoot);
  ringing.attach(window);
  await window.loadFile(rendererIndex);
  dialLinks.attach(window);
  if (process.env.FRONTLINE_SMOKE === '1') {
    const title = await window.webContents.executeJavaScript('document.title');
    console.log(`FRONTLINE_SMOKE_OK ${String(title)}`);
    app.quit();
  }
}

// A second start (by a dial link) hands its link to this one and quits.
if (dialLinks.ok) {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error({ err: error }, 'electron failed to start');
      app.exit(1);
    });
}
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
});
