import type { SipCredential } from '../../../../shared/contract/schemas/sip';
import type { ApiClient } from '../../platform/api-client';

/** The SIP credential this agent's server issues (ADR 0032), or null when it provisions no PBX. Kept in memory only. */
export async function fetchSipCredential(api: ApiClient): Promise<SipCredential | null> {
  const result = await api.call('phone.sipCredential', {});
  if (!result.ok) throw new Error(`no SIP credential from the server: ${result.error.message}`);
  return result.value.credential;
}

/** When to ask for the next credential: at half of this one's remaining life, at least 10 s from now. */
export function renewalDelayMs(credential: SipCredential, now: number): number {
  return Math.max(10_000, Math.floor((credential.expiresAt - now) / 2));
}

/**
 * Keep the phone's credential fresh while it runs: renewed at half-life from the server, handed to
 * the phone (its next REGISTER refresh answers the challenge with it). A failed renewal is retried
 * the same way and reported; the old credential stays in use until it expires. Returns the stop.
 */
export function keepSipCredentialFresh(
  api: ApiClient,
  first: SipCredential,
  apply: (credential: SipCredential) => void,
  onError: (error: unknown) => void,
  now: () => number = Date.now,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current = first;
  let stopped = false;
  const schedule = (): void => {
    timer = setTimeout(() => {
      void fetchSipCredential(api)
        .then((next) => {
          if (stopped || next === null) return;
          current = next;
          apply(next);
        })
        .catch(onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, renewalDelayMs(current, now()));
  };
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
