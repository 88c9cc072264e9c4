import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDesk, submitWrapUpByKeys, type DemoDesk } from '../support/demo-desk';
import { queryRow, queryRows } from '../support/test-stores';

/**
 * The pop's offer, end to end on the demo line (ADR 0016): painted while the phone rings →
 * an impression with rank, probability and policy; the customer's answer on the pop → recorded
 * with the call; the wrap-up asks about that offer and its answer is linked to the impression.
 */

let desk: DemoDesk;
let page: Page;
const EXT = '1301';
const DECLAN = '+442079460960'; // overdue: the pop offers a payment plan

beforeAll(async () => {
  desk = await openDemoDesk(500, { name: 'Oona Offer', extension: EXT });
  page = desk.page;
});

afterAll(() => desk?.close());

const rows = (sql: string, ...params: unknown[]) => queryRows(desk.app.fx.core.store, sql, ...params);
const lastCallId = async () =>
  (await queryRow<{ id: number }>(desk.app.fx.core.store, 'SELECT c.id FROM calls c JOIN agents a ON a.id = c.agent_id WHERE a.extension = ? ORDER BY c.id DESC LIMIT 1', EXT))?.id;

describe('the offer on the pop (browser, demo line)', () => {
  it('records the offer painted while ringing, the answer given on the pop, and the wrap-up’s answer linked to call, offer, rank, probability and policy', async () => {
    expect((await desk.driver.call('demoLine.callNow', { e164: DECLAN })).ok).toBe(true);
    await page.getByTestId('call-ringing').waitFor();
    await page.getByTestId('offer-title').waitFor();
    await expect.poll(lastCallId).toBeDefined();
    const callId = (await lastCallId()) as number;
    await expect
      .poll(() => rows(`SELECT i.seen, i.rank, i.probability, i.policy_version AS policy, o.code FROM offer_impressions i JOIN offers o ON o.id = i.offer_id WHERE i.call_id = ?`, callId))
      .toEqual([{ seen: 'shown', rank: 1, probability: 1, policy: 'nbo-1/eps-0', code: 'PAYMENT-PLAN' }]);

    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    await page.getByRole('region', { name: 'Next best offer' }).getByRole('button', { name: 'Accepted' }).click();
    await page.getByRole('region', { name: 'Next best offer' }).getByText('Recorded: accepted').waitFor();
    await expect.poll(() => rows('SELECT outcome FROM offer_outcomes WHERE call_id = ?', callId)).toEqual([{ outcome: 'accepted' }]);

    await page.keyboard.press('Alt+E');
    const form = page.getByRole('form', { name: /Wrap-up/ });
    await form.waitFor();
    // The wrap-up asks about the offer the pop showed, starting from what the customer said.
    await form.getByRole('group', { name: /PAYMENT-PLAN/ }).waitFor();
    expect(await form.getByRole('radio', { name: 'Accepted' }).isChecked()).toBe(true);
    await submitWrapUpByKeys(page);

    const linked = await rows(
      `SELECT x.outcome, i.rank, i.probability, i.policy_version AS policy, o.code FROM offer_outcomes x
         JOIN offer_impressions i ON i.call_id = x.call_id AND i.offer_id = x.offer_id JOIN offers o ON o.id = x.offer_id
        WHERE x.call_id = ? AND x.outcome IN ('accepted', 'declined')`,
      callId,
    );
    expect(linked).toEqual([{ outcome: 'accepted', rank: 1, probability: 1, policy: 'nbo-1/eps-0', code: 'PAYMENT-PLAN' }]);
  });
});
