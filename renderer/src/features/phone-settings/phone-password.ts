import { desktopSetupOf, type DesktopSetupLike } from '../../platform/desktop-setup';

/**
 * Where this desk keeps a SIP password typed into the phone settings (a PBX Frontline does not
 * provision; the default is the server's per-agent credential, ADR 0032). Never in the page's
 * storage (issue 11 item 6): in the desktop app, main seals it with the OS keychain (ADR 0038);
 * in a browser it lives in this page's memory and is asked for again after a reload.
 */
export interface PhonePasswordStore {
  /** 'sealed': kept by the desktop's keychain across restarts; 'memory': until the page goes. */
  readonly kept: 'sealed' | 'memory';
  load(): Promise<string | null>;
  save(password: string | null): Promise<void>;
}

let inPageMemory: string | null = null;

const pageMemory: PhonePasswordStore = {
  kept: 'memory',
  load: () => Promise.resolve(inPageMemory),
  save(password) {
    inPageMemory = password;
    return Promise.resolve();
  },
};

export function phonePasswordStore(desktop: DesktopSetupLike | null = desktopSetupOf()): PhonePasswordStore {
  const load = desktop?.loadPhonePassword;
  const save = desktop?.savePhonePassword;
  if (load === undefined || save === undefined) return pageMemory;
  return {
    kept: 'sealed',
    load: () => load(),
    async save(password) {
      if (!(await save(password))) throw new Error('the desktop refused to keep this SIP password');
    },
  };
}
