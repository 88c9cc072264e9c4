import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../../../../shared/contract/schemas/agent';
import { useApi, useAppStores } from '../../app/stores-context';
import { useSession } from '../session';
import { chosenDevice } from '../devices';
import { loadPhoneConfig, phonePasswordStore } from '../phone-settings';
import { connectDemoLine, demoLineEndpoint } from '../demo-line';
import { SipJsSoftphone } from './sipjs-softphone';
import type { CallView } from './softphone';
import { fetchSipCredential, keepSipCredentialFresh } from './server-credential';

const remoteAudio = typeof Audio === 'undefined' ? undefined : new Audio();

/**
 * An auto-answered call is accepted once its pop is painted (the agent sees who it is first, and the
 * media set-up does not compete with the pop for the main thread), or after this long without a
 * paint (a hidden page paints no frames). As long as the router waits for a desk's pop (ADR 0048).
 */
const AUTO_ANSWER_POP_WAIT_MS = 250;

const deviceOptions = {
  microphoneId: () => chosenDevice('microphone'),
  speakerId: () => chosenDevice('speaker'),
};

/**
 * While an agent is signed in, keep a softphone registered: to the PBX its server provisions, with
 * the time-limited credential the server issues for this agent (ADR 0032, renewed at half-life, never
 * stored); else to the PBX in this desk's phone settings, with the password the agent typed there
 * (sealed by the desktop's keychain, or in this page's memory: never in the page's storage); else to
 * the in-page demo line, whose calls the core schedules.
 */
export function usePhoneConnection(agent: Agent | null): void {
  const api = useApi();
  const stores = useAppStores();
  const region = useSession((s) => s.settings?.defaultRegion ?? 'GB');
  // The i18n instance, not `t`: a change of language must not restart the phone (and drop its calls).
  const { i18n } = useTranslation();
  useEffect(() => {
    if (agent === null) return;
    let cancelled = false;
    const cleanups: (() => void | Promise<void>)[] = [];
    const config = loadPhoneConfig();
    const autoAnswerAfter = (call: CallView): Promise<void> => stores.softphone.getState().whenPopPainted(call.id, AUTO_ANSWER_POP_WAIT_MS);
    void (async () => {
      const credential = await fetchSipCredential(api);
      if (cancelled) return;
      if (credential !== null) {
        const phone = new SipJsSoftphone({
          aor: credential.aor,
          server: credential.server,
          username: credential.username,
          password: credential.password,
          displayName: agent.name,
          autoAnswer: config?.autoAnswer ?? false,
          autoAnswerAfter,
          trustedPbx: credential.trustedPbx,
          defaultRegion: region,
          ...deviceOptions,
          ...(remoteAudio === undefined ? {} : { remoteAudio }),
        });
        const stopRenewing = keepSipCredentialFresh(
          api,
          credential,
          (next) => phone.renewCredential(next.username, next.password),
          (error) => stores.softphone.setState({ registrationDetail: error instanceof Error ? error.message : String(error) }),
        );
        cleanups.push(stores.softphone.getState().attach(phone), () => phone.stop(), stopRenewing);
        await phone.start();
      } else if (config === null) {
        const phone = new SipJsSoftphone({
          ...demoLineEndpoint(agent.extension),
          defaultRegion: region,
          // The demo line is our own code in this page: its queue headers are the only ones it carries.
          trustedPbx: true,
          ...deviceOptions,
          ...(remoteAudio === undefined ? {} : { remoteAudio }),
        });
        const stopDemoLine = await connectDemoLine(api, agent.id, agent.extension, phone.userAgent.transport);
        if (cancelled) return;
        cleanups.push(stores.softphone.getState().attach(phone), () => phone.stop(), stopDemoLine);
        await phone.start();
      } else {
        const password = await phonePasswordStore().load();
        if (cancelled) return;
        if (password === null || password === '') {
          stores.softphone.setState({ registration: 'failed', registrationDetail: i18n.t('phone.passwordNeeded') });
          return;
        }
        const phone = new SipJsSoftphone({
          aor: `sip:${agent.extension}@${config.domain}`,
          server: config.server,
          username: config.username === '' ? agent.extension : config.username,
          password,
          displayName: agent.name,
          autoAnswer: config.autoAnswer,
          autoAnswerAfter,
          trustedPbx: config.trustedPbx,
          defaultRegion: region,
          ...deviceOptions,
          ...(remoteAudio === undefined ? {} : { remoteAudio }),
        });
        cleanups.push(stores.softphone.getState().attach(phone), () => phone.stop());
        await phone.start();
      }
    })().catch((error: unknown) =>
      stores.softphone.setState({ registration: 'failed', registrationDetail: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
      for (const c of cleanups.reverse()) void c();
    };
  }, [agent, api, stores, region, i18n]);
}
