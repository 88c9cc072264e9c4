import type { Agent } from '../../../../shared/contract/schemas/agent';
import type { ApiClient } from '../../platform/api-client';
import { DemoPbx } from './demo-pbx';
import { MemorySipTransport } from './memory-sip-transport';

/** Where a softphone on the demo line registers: an in-page transport, never the network. */
export function demoLineEndpoint(extension: string) {
  return { aor: `sip:${extension}@demo.invalid`, server: 'ws://demo.invalid', transportConstructor: MemorySipTransport };
}

/**
 * Plug the in-page demo PBX into a softphone's transport and place the calls the core offers
 * this agent. Resolves with the function that stops it.
 */
export async function connectDemoLine(api: ApiClient, agentId: Agent['id'], extension: string, transport: unknown): Promise<() => Promise<void>> {
  const pbx = new DemoPbx(demoLineEndpoint(extension).aor);
  await pbx.connect(transport as MemorySipTransport);
  const off = api.on('demoLine.callOffered', (offer) => offer.agentId === agentId && void pbx.place(offer));
  return async () => {
    off();
    await pbx.stop();
  };
}
