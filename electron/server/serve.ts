import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLineOrExit, createCore, createLogger, defaultDatabaseFile, DEMO_LINE_MEAN_INTERVAL_MS, demoSupervisorNotice, exposureProblem, FIRST_RUN_CUSTOMERS, isLoopbackHost, isPostgresUrl, openStore, seedOnFirstRun, seedPostgresOnFirstRun, validateOutputFromEnv } from '../core';
import { limitsFromEnv } from './connection-guard';
import { defaultAllowedHosts, parseAllowedHosts } from './host-allow-list';
import { startHttpHost } from './http-host';
import { startKamailioRouter, type KamailioRouter } from './pbx/kamailio-router';
import { sipProvisioningFromEnv } from './sip-settings';
import { loadTls, plaintextProblem } from './tls-settings';
import { refuseOnError, StartRefusal, startFailureText } from './start-refusal';

const here = dirname(fileURLToPath(import.meta.url));

const SERVE_USAGE = `npm run serve -- [--host H] [--port P] [--db FILE or postgres://user:password@host:port/database]
             [--tls-cert FILE --tls-key FILE | --allow-plaintext] [--allowed-hosts a.example,b.example] [--demo-customers N]
  Each option also has an environment variable (FRONTLINE_HOST, FRONTLINE_PORT, FRONTLINE_DB, FRONTLINE_TLS_CERT,
  FRONTLINE_TLS_KEY, FRONTLINE_ALLOW_PLAINTEXT=1, FRONTLINE_ALLOWED_HOSTS); README.md describes team mode.`;
export const RENDERER_DIST = join(here, '..', '..', 'renderer', 'dist');

/**
 * Browser mode and team server: the core plus the HTTP/WebSocket host.
 * Prints "Frontline is serving at <url>" on stdout once ready (tests and the launcher read it).
 */
export async function serve(argv: string[]): Promise<void> {
  const values = commandLineOrExit(
    'serve',
    SERVE_USAGE,
    {
      host: { type: 'string', default: process.env.FRONTLINE_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.FRONTLINE_PORT ?? '5174' },
      // A SQLite file (the default), or a team's PostgreSQL database: postgres://user:password@host:port/database (ADR 0037).
      db: { type: 'string', default: process.env.FRONTLINE_DB || defaultDatabaseFile() },
      'demo-customers': { type: 'string', default: String(FIRST_RUN_CUSTOMERS) },
      'tls-cert': { type: 'string', default: process.env.FRONTLINE_TLS_CERT || undefined },
      'tls-key': { type: 'string', default: process.env.FRONTLINE_TLS_KEY || undefined },
      'allow-plaintext': { type: 'boolean', default: process.env.FRONTLINE_ALLOW_PLAINTEXT === '1' },
      'allowed-hosts': { type: 'string', default: process.env.FRONTLINE_ALLOWED_HOSTS ?? '' },
    },
    argv,
  );
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new StartRefusal('TLS needs both a certificate and a key: set FRONTLINE_TLS_CERT and FRONTLINE_TLS_KEY');
  const tls = certFile !== undefined && keyFile !== undefined ? refuseOnError(() => loadTls({ cert: certFile, key: keyFile })) : null;
  const configuredHosts = refuseOnError(() => parseAllowedHosts(values['allowed-hosts']));
  const allowedHosts = [...defaultAllowedHosts(values.host), ...configuredHosts];
  const limits = refuseOnError(() => limitsFromEnv());
  const sipProvisioning = refuseOnError(() => sipProvisioningFromEnv());
  // Before seeding or opening anything: a refused configuration costs nothing.
  const problem = plaintextProblem(values.host, tls, values['allow-plaintext']);
  if (problem !== null) throw new StartRefusal(problem);
  const logger = createLogger('server');
  const team = isPostgresUrl(values.db);
  const seed = team ? seedPostgresOnFirstRun : seedOnFirstRun;
  const seeded = await seed(values.db, Number(values['demo-customers']), (p) => {
    if (p.customersDone === p.customersTotal || p.customersDone % 50_000 < 5_000) {
      console.log(`Seeding demo CRM: ${p.customersDone}/${p.customersTotal} customers, ${p.orderLines} order lines`);
    }
  });
  const store = openStore(values.db);
  if (seeded !== null) {
    console.log(`Demo CRM created at ${store.location}`);
    console.log(demoSupervisorNotice(seeded.supervisor));
  }
  const loopback = isLoopbackHost(values.host);
  const core = await createCore({
    store,
    logger,
    validateOutput: validateOutputFromEnv(),
    demoLineMeanIntervalMs: DEMO_LINE_MEAN_INTERVAL_MS,
    quickStart: loopback,
    sipProvisioning,
  });
  const exposed = await exposureProblem(core.connection.db, values.host);
  if (exposed !== null) {
    await core.close();
    throw new StartRefusal(exposed);
  }
  const staticDir = existsSync(join(RENDERER_DIST, 'index.html')) ? RENDERER_DIST : null;
  if (staticDir === null) console.log('No renderer build found (npm run build): serving the API only.');
  const host = await startHttpHost({
    core,
    staticDir,
    host: values.host,
    port: Number(values.port),
    tls,
    allowPlaintext: values['allow-plaintext'],
    allowedHosts,
    limits,
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartRefusal(`port ${values.port} on ${values.host} is already in use: stop the other program or set FRONTLINE_PORT`);
    }
    throw error;
  });
  console.log(`Frontline is serving at ${host.url}`);
  const router = await routeKamailioCalls(core);

  const stop = async (): Promise<void> => {
    await router?.stop();
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * With FRONTLINE_PBX_EVAPI (Kamailio's evapi host:port) and FRONTLINE_PBX_TOKEN (a PBX credential),
 * this server routes Kamailio's queue calls (ADR 0029). A refused credential stops the start: a
 * server that silently routes nothing would leave every caller on Kamailio's static route.
 */
async function routeKamailioCalls(core: Awaited<ReturnType<typeof createCore>>): Promise<KamailioRouter | null> {
  const evapi = process.env.FRONTLINE_PBX_EVAPI;
  if (evapi === undefined || evapi === '') return null;
  const match = /^(.+):(\d{1,5})$/.exec(evapi);
  const token = process.env.FRONTLINE_PBX_TOKEN;
  if (match === null) throw new StartRefusal(`FRONTLINE_PBX_EVAPI must be host:port (Kamailio's evapi bind_addr), not "${evapi}"`);
  if (token === undefined || token === '') throw new StartRefusal('FRONTLINE_PBX_EVAPI is set but FRONTLINE_PBX_TOKEN is not: create one with npm run pbx-credential');
  const router = await startKamailioRouter({ core, host: match[1] as string, port: Number(match[2]), token, music: queueMusicFromEnv() });
  console.log(`Routing Kamailio's calls (evapi ${evapi})`);
  return router;
}

/**
 * With FRONTLINE_PBX_RTPENGINE (rtpengine's ng control host:port), callers who wait hear
 * FRONTLINE_PBX_MUSIC (a file on rtpengine's machine; default the shipped queue tone) — ADR 0028.
 */
function queueMusicFromEnv(): { host: string; port: number; file: string } | undefined {
  const ng = process.env.FRONTLINE_PBX_RTPENGINE;
  if (ng === undefined || ng === '') return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(ng);
  if (match === null) throw new StartRefusal(`FRONTLINE_PBX_RTPENGINE must be host:port (rtpengine's --listen-ng), not "${ng}"`);
  const file = process.env.FRONTLINE_PBX_MUSIC || join(here, '..', '..', 'resources', 'pbx', 'music', 'queue-tone.wav');
  return { host: match[1] as string, port: Number(match[2]), file };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  serve(process.argv.slice(2)).catch((error: unknown) => {
    console.error(startFailureText('Frontline server', error));
    process.exit(1);
  });
}
