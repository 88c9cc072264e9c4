import { createHmac } from 'node:crypto';
import { Inviter, Registerer, UserAgent } from 'sip.js';
import type { IncomingResponse } from 'sip.js/lib/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SipProvisioning } from '../../electron/core/auth/sip-credentials';
import type { SipCredential } from '../../shared/contract/schemas/sip';
import { openAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { seededCore, signedInContext, type SeededCore } from '../support/seeded-core';
import { serveApp } from '../support/served-app';
import { LAB, sipLabMissing, startSipLab, type SipLabRig } from '../support/sip-rig';
import { fakeSdhFactory } from '../support/sip-fakes';

/**
 * Agents' SIP credentials come from Frontline (ADR 0032), checked by the real lab Kamailio with
 * auth_ephemeral: a desk signs in, asks its server for its credential through the contract, and its
 * sip.js user agent (in Node, over a real WebSocket) registers with it. Forged, expired and borrowed
 * credentials are refused. No browser: registration is all that is tested here.
 */
const SECRET = 'lab-shared-secret-0123456789abcdef-frontline';
const provisioning: SipProvisioning = { server: `ws://127.0.0.1:${LAB.wsPort}`, domain: '127.0.0.1', secret: SECRET, ttlSeconds: 3600, trustedPbx: true };
const missing = sipLabMissing({ agentSecret: SECRET });

// sip.js opens its transport with the platform's WebSocket; Node 20 has none.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let rig: SipLabRig;
let seeded: SeededCore;
const agents: UserAgent[] = [];

async function credentialFor(extension: string): Promise<SipCredential> {
  const ctx = await signedInContext(seeded.core, extension);
  const r = await seeded.core.dispatch('phone.sipCredential', {}, ctx);
  if (!r.ok) throw new Error(r.error.message);
  const { credential } = r.value as { credential: SipCredential | null };
  if (credential === null) throw new Error('the server issued no SIP credential');
  return credential;
}

async function userAgent(aor: string, username: string, password: string): Promise<UserAgent> {
  const ua = new UserAgent({
    uri: UserAgent.makeURI(aor),
    transportOptions: { server: provisioning.server },
    authorizationUsername: username,
    authorizationPassword: password,
    sessionDescriptionHandlerFactory: fakeSdhFactory([]),
    logLevel: 'error',
  });
  agents.push(ua);
  await ua.start();
  return ua;
}

const final = (response: IncomingResponse) => `${response.message.statusCode} ${response.message.reasonPhrase}`;

/** REGISTER (answering the challenge with the credential): the final status and reason. */
async function register(aor: string, username: string, password: string): Promise<string> {
  const ua = await userAgent(aor, username, password);
  return new Promise((resolve) => {
    void new Registerer(ua, { expires: 60 }).register({
      requestDelegate: {
        onAccept: (response) => resolve(final(response)),
        onReject: (response) => resolve(final(response)),
      },
    });
  });
}

const ringing: Inviter[] = [];

/** An agent's INVITE to a colleague's extension: the final status and reason, or the first ringing (cancelled after the test). */
async function invite(ua: UserAgent, target: string): Promise<string> {
  const inviter = new Inviter(ua, UserAgent.makeURI(target) as NonNullable<ReturnType<typeof UserAgent.makeURI>>);
  return new Promise((resolve) => {
    void inviter.invite({
      requestDelegate: {
        onProgress: (response) => {
          if (response.message.statusCode === 100) return;
          ringing.push(inviter);
          resolve(final(response));
        },
        onAccept: (response) => resolve(final(response)),
        onReject: (response) => resolve(final(response)),
      },
    });
  });
}

const passwordOf = (username: string, secret = SECRET) => createHmac('sha256', secret).update(username).digest('base64');

describe.skipIf(missing !== null)('agents register with the SIP credential Frontline issues (real Kamailio, auth_ephemeral)', () => {
  beforeAll(async () => {
    [rig, seeded] = await Promise.all([startSipLab({ agentSecret: SECRET }), seededCore(50, Date.now, { sipProvisioning: provisioning })]);
  });

  afterAll(async () => {
    await Promise.all(ringing.map((inviter) => inviter.cancel().catch(() => undefined)));
    await Promise.all(agents.map((ua) => ua.stop().catch(() => undefined)));
    await rig?.stop();
    await seeded?.cleanup();
  });

  it('registers an agent with the credential its server issued after sign-in', async () => {
    const credential = await credentialFor('1001');
    expect(credential.aor).toBe('sip:1001@127.0.0.1');
    expect(credential.username).toMatch(/^\d{10}:1001$/);
    expect(await register(credential.aor, credential.username, credential.password), rig.logs().slice(-2000)).toBe('200 OK');
  });

  it('refuses a forged password, an expired credential and a credential made with another secret', async () => {
    const credential = await credentialFor('1001');
    expect(await register(credential.aor, credential.username, 'forged-password')).toBe('403 Forbidden');
    const expired = `${Math.floor(Date.now() / 1000) - 60}:1001`;
    expect(await register(credential.aor, expired, passwordOf(expired))).toBe('403 Credential Expired');
    expect(await register(credential.aor, credential.username, passwordOf(credential.username, 'another-secret-of-thirty-two-characters'))).toBe('403 Forbidden');
  });

  it("refuses an agent's credential for another agent's extension", async () => {
    const mine = await credentialFor('1002');
    expect(await register('sip:1003@127.0.0.1', mine.username, mine.password)).toBe('403 Not Your Extension');
    // Rewriting the extension in the username breaks the password.
    expect(await register('sip:1003@127.0.0.1', mine.username.replace(':1002', ':1003'), mine.password)).toBe('403 Forbidden');
  });

  it("a desk signed in to the server registers its phone with the issued credential, and a colleague's call reaches it", async () => {
    const app = await serveApp(50, undefined, provisioning);
    const browser = await launchChromium();
    try {
      // No phone settings on this desk: the server's credential is the only way to the lab PBX.
      const page = await openAgentPage(browser, app.host.url, { name: 'Lab Agent', extension: '1004' });
      const colleague = await credentialFor('1005');
      const ua = await userAgent(colleague.aor, colleague.username, colleague.password);
      // Not the demo line: the INVITE went through Kamailio's location table to the page.
      expect(await invite(ua, 'sip:1004@127.0.0.1')).toBe('180 Ringing');
      await page.getByTestId('call-ringing').waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it("lets an agent's phone call out only with its own credential", async () => {
    const mine = await credentialFor('1002');
    // Authenticated: Kamailio looks the colleague up (not registered here: 404).
    expect(await invite(await userAgent(mine.aor, mine.username, mine.password), 'sip:1009@127.0.0.1')).toBe('404 Not Found');
    expect(await invite(await userAgent(mine.aor, mine.username, 'forged-password'), 'sip:1009@127.0.0.1')).toBe('403 Forbidden');
    expect(await invite(await userAgent('sip:1003@127.0.0.1', mine.username, mine.password), 'sip:1009@127.0.0.1')).toBe('403 Not Your Extension');
  });
});
