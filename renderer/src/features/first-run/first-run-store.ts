import { createStore } from 'zustand/vanilla';
import { serverUrlProblemKind, type ServerUrlProblem } from '../../../../shared/domain/server-url';
import type { DesktopSetupLike } from '../../platform/desktop-setup';

export interface FirstRunState {
  /** 'checking' until the desktop answers; 'done' at once in a browser (nothing to choose there). */
  phase: 'checking' | 'ask' | 'restarting' | 'done';
  busy: boolean;
  /** The address as typed is not usable (checked here before the desktop checks it again). */
  urlProblem: ServerUrlProblem | null;
  /** The desktop refused the choice (e.g. an unreadable certificate file), in its words. */
  refusal: string | null;
  chooseThisComputer(): Promise<void>;
  chooseServer(url: string, pinnedCertificate: string): Promise<void>;
}

/** The desktop's first-run choice (ADR 0038): this computer on its own (the demo), or a team server. */
export function createFirstRunStore(setup: DesktopSetupLike | null) {
  const store = createStore<FirstRunState>()((set) => {
    async function choose(choice: Parameters<DesktopSetupLike['choose']>[0]): Promise<void> {
      if (setup === null) return;
      set({ busy: true, refusal: null });
      const saved = await setup.choose(choice).catch((error: unknown) => ({ ok: false as const, problem: String(error) }));
      if (saved.ok) set({ busy: false, phase: saved.restart ? 'restarting' : 'done' });
      else set({ busy: false, refusal: saved.problem });
    }
    return {
      phase: setup === null ? 'done' : 'checking',
      busy: false,
      urlProblem: null,
      refusal: null,
      chooseThisComputer: () => choose({ mode: 'embedded' }),
      async chooseServer(url, pinnedCertificate) {
        const problem = serverUrlProblemKind(url.trim());
        set({ urlProblem: problem });
        if (problem !== null) return;
        await choose({ mode: 'server', url: url.trim(), ...(pinnedCertificate.trim() === '' ? {} : { pinnedCertificate: pinnedCertificate.trim() }) });
      },
    };
  });
  if (setup !== null) {
    void setup
      .firstRun()
      .then((first) => store.setState({ phase: first ? 'ask' : 'done' }))
      .catch(() => store.setState({ phase: 'done' }));
  }
  return store;
}

export type FirstRunStore = ReturnType<typeof createFirstRunStore>;
