import { useEffect } from 'react';
import type { Agent } from '../../../../shared/contract/schemas/agent';
import { useApi, useAppStores, useSession } from '../../stores';
import { DemoPbx } from '../demo-line/demo-pbx';
import { chosenDevice } from '../devices/chosen-device';
import { loadPhoneConfig } from '../phone-settings/phone-config';
import { MemorySipTransport } from './memory-sip-transport';
import { SipJsSoftphone } from './sipjs-softphone';

const remoteAudio = typeof Audio === 'undefined' ? undefined : new Audio();

const deviceOptions = {
  microphoneId: () => chosenDevice('microphone'),
  speakerId: () => chosenDevice('speaker'),
};

/**
 * While an agent is signed in, keep a softphone registered: to the configured PBX, or else to
 * the in-page demo line, whose calls the core schedules.
 */
export function usePhoneConnection(agent: Agent | null): void {
  const api = useApi();
  const stores = useAppStores();
  const region = useSession((s) => s.settings?.defaultRegion ?? 'GB');
  useEffect(() => {
    if (agent === null) return;
    let cancelled = false;
    const cleanups: (() => void | Promise<void>)[] = [];
    const config = loadPhoneConfig();
    void (async () => {
      if (config === null) {
        const aor = `sip:${agent.extension}@demo.invalid`;
        const phone = new SipJsSoftphone({
          aor,
          server: 'ws://demo.invalid',
          defaultRegion: region,
          transportConstructor: MemorySipTransport,
          ...deviceOptions,
          ...(remoteAudio === undefined ? {} : { remoteAudio }),
        });
        const pbx = new DemoPbx(aor);
        await pbx.connect(phone.userAgent.transport as MemorySipTransport);
        if (cancelled) return;
        cleanups.push(stores.softphone.getState().attach(phone), () => phone.stop(), () => pbx.stop());
        cleanups.push(api.on('demoLine.callOffered', (offer) => offer.agentId === agent.id && void pbx.place(offer)));
        await phone.start();
      } else {
        const phone = new SipJsSoftphone({
          aor: `sip:${agent.extension}@${config.domain}`,
          server: config.server,
          username: config.username === '' ? agent.extension : config.username,
          password: config.password,
          displayName: agent.name,
          autoAnswer: config.autoAnswer,
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
  }, [agent, api, stores, region]);
}
