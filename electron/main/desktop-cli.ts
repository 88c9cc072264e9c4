import { resolve } from 'node:path';
import { commandLineOrExit, dataDirectory } from '../core';
import { desktopSettingsFile, saveDesktopTarget } from './desktop-settings';

const USAGE = `npm run desktop -- --server wss://frontline.example.com/api [--ca ca.pem | --pin server.pem]
npm run desktop -- --embedded
  Points this machine's desktop at a team server, or back at the desktop's own core.`;

/**
 * `npm run desktop -- --server wss://frontline.example.com/api [--ca ca.pem | --pin server.pem]`
 * points this machine's desktop at a team server; `--embedded` goes back to the desktop's own core.
 */
function main(): void {
  const values = commandLineOrExit('desktop', USAGE, { server: { type: 'string' }, ca: { type: 'string' }, pin: { type: 'string' }, embedded: { type: 'boolean', default: false } });
  const dataDir = dataDirectory();
  if (values.embedded === (values.server !== undefined)) throw new Error('give either --server wss://host:port/api (with --ca or --pin if needed) or --embedded');
  saveDesktopTarget(dataDir, {
    server:
      values.server === undefined
        ? null
        : {
            url: values.server,
            ...(values.ca === undefined ? {} : { ca: resolve(values.ca) }),
            ...(values.pin === undefined ? {} : { pinnedCertificate: resolve(values.pin) }),
          },
  });
  console.log(values.embedded ? `The desktop uses its own core again (${desktopSettingsFile(dataDir)}).` : `The desktop joins ${values.server} (${desktopSettingsFile(dataDir)}).`);
}

try {
  main();
} catch (error) {
  console.error(`Frontline desktop settings: ${(error as Error).message}`);
  process.exit(1);
}
