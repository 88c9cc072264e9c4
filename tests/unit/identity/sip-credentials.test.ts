import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueSipCredential, type SipProvisioning } from '../../../electron/core/auth/sip-credentials';
import { sipProvisioningFromEnv } from '../../../electron/server/sip-settings';
import { keepSipCredentialFresh, renewalDelayMs } from '../../../renderer/src/features/softphone/server-credential';
import type { ApiClient } from '../../../renderer/src/platform/api-client';
import type { SipCredential } from '../../../shared/contract/schemas/sip';

const SECRET = 'a-secret-shared-with-kamailio-0123456789';
const provisioning: SipProvisioning = { server: 'wss://pbx.example/ws', domain: 'pbx.example', secret: SECRET, ttlSeconds: 3600, trustedPbx: true };
const NOW = Date.UTC(2026, 11, 1, 17, 0, 0);

describe('SIP credentials issued by the server (ADR 0032)', () => {
  it("is auth_ephemeral's credential for the agent's own address, expiring after the lifetime", () => {
    const c = issueSipCredential(provisioning, '1001', NOW);
    expect(c.aor).toBe('sip:1001@pbx.example');
    expect(c.username).toBe(`${NOW / 1000 + 3600}:1001`);
    expect(c.password).toBe(createHmac('sha256', SECRET).update(c.username).digest('base64'));
    expect(c.expiresAt).toBe(NOW + 3_600_000);
  });

  it('refuses an extension that cannot be a SIP user (no header or URI injection)', () => {
    expect(() => issueSipCredential(provisioning, '1001@evil', NOW)).toThrow(/cannot be a SIP user/);
    expect(() => issueSipCredential(provisioning, '10 01', NOW)).toThrow(/cannot be a SIP user/);
  });
});

describe('SIP provisioning settings', () => {
  const env = { FRONTLINE_SIP_WS_URL: 'wss://pbx.example/ws', FRONTLINE_SIP_DOMAIN: 'pbx.example', FRONTLINE_SIP_SECRET: SECRET };

  it('is off without a URL, and read with defaults when set', () => {
    expect(sipProvisioningFromEnv({})).toBeNull();
    expect(sipProvisioningFromEnv(env)).toEqual({ ...provisioning, ttlSeconds: 3600 });
  });

  it('refuses half or unsafe configurations with the reason', () => {
    expect(() => sipProvisioningFromEnv({ FRONTLINE_SIP_SECRET: SECRET })).toThrow(/FRONTLINE_SIP_WS_URL is not/);
    expect(() => sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_SECRET: '' })).toThrow(/neither FRONTLINE_SIP_SECRET_FILE nor FRONTLINE_SIP_SECRET/);
    expect(() => sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_WS_URL: 'ws://pbx.example/ws' })).toThrow(/use wss:\/\/ for pbx.example/);
    expect(() => sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_CREDENTIAL_TTL: '10' })).toThrow(/between 300 and 604800/);
    expect(() => sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_SECRET_FILE: '/nonexistent/secret' })).toThrow(/cannot read FRONTLINE_SIP_SECRET_FILE/);
    expect(sipProvisioningFromEnv({ ...env, FRONTLINE_SIP_WS_URL: 'ws://127.0.0.1:8090' })?.server).toBe('ws://127.0.0.1:8090');
  });
});

describe("the desk's credential renewal", () => {
  afterEach(() => vi.useRealTimers());

  it('asks the server again at half-life and hands the new credential to the phone', async () => {
    vi.useFakeTimers({ now: NOW });
    const first = issueSipCredential(provisioning, '1001', NOW);
    const second = issueSipCredential(provisioning, '1001', NOW + 1_800_000);
    const asked: string[] = [];
    const api = {
      call: async (method: string) => {
        asked.push(method);
        return { ok: true, value: { credential: second } };
      },
    } as unknown as ApiClient;
    const applied: SipCredential[] = [];
    const stop = keepSipCredentialFresh(api, first, (c) => applied.push(c), (e) => { throw e; });
    expect(renewalDelayMs(first, NOW)).toBe(1_800_000);
    await vi.advanceTimersByTimeAsync(1_799_000);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(asked).toEqual(['phone.sipCredential']);
    expect(applied).toEqual([second]);
    stop();
    await vi.advanceTimersByTimeAsync(10_000_000);
    expect(asked).toHaveLength(1);
  });

  it('keeps trying after a failed renewal and reports it', async () => {
    vi.useFakeTimers({ now: NOW });
    const first = issueSipCredential(provisioning, '1001', NOW);
    const api = { call: async () => ({ ok: false, error: { code: 'TRANSPORT_CLOSED', message: 'connection lost' } }) } as unknown as ApiClient;
    const errors: string[] = [];
    const stop = keepSipCredentialFresh(api, first, () => undefined, (e) => errors.push(String(e)));
    await vi.advanceTimersByTimeAsync(1_800_000 + 900_000);
    expect(errors).toEqual(['Error: no SIP credential from the server: connection lost', 'Error: no SIP credential from the server: connection lost']);
    stop();
  });
});
