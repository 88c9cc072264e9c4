import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterAll, describe, expect, it } from 'vitest';
import { alertConditions } from '../../../electron/core/board/alerts';
import type { AgentRow, BoardAlert, CentreSummary, QueueTile } from '../../../shared/contract/schemas/board';
import { AlertText, alertPlainText } from '../../../renderer/src/features/board-model/alert-words';
import { i18nNow } from '../../../renderer/src/i18n/i18n';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const cell = (value: number | null, target: number | null, rag: 'red' | 'green') => ({ value, rag, target, formula: '', calls: 0 });
const agents = [{ agentId: 7, name: 'Olivia <b>Bennett</b>', state: 'on-call', since: NOW - 185_000 }] as unknown as AgentRow[];
const queues = [{ queueId: 3, name: 'Billing', longestWaitSince: NOW - 42_000, serviceLevel: cell(62.5, 80, 'red'), abandon: cell(12.25, 5, 'red') }] as unknown as QueueTile[];
const centre = { staffing: { needed: 1, available: 0 } } as unknown as CentreSummary;
const settings = { stateThresholds: { 'on-call': { warnS: 60, criticalS: 600 } }, longestWaitWarnS: 30, longestWaitCriticalS: 90 } as never;

/** The core's conditions as the board carries them. */
const alerts: BoardAlert[] = alertConditions(NOW, agents, queues, centre, settings).map((c) => ({ ...c, at: NOW, acknowledgedBy: null, active: true }));

async function inLocale(locale: 'en-GB' | 'de-DE' | 'en-XA'): Promise<string[]> {
  await i18nNow().changeLanguage(locale);
  return alerts.map((a) => alertPlainText(a, NOW));
}

afterAll(async () => {
  await i18nNow().changeLanguage('en-GB');
});

describe('board alerts: the core sends codes and figures, each desk words them', () => {
  it('the core sends a code with its figures for every alert, and keeps an English sentence for logs', () => {
    expect(alerts.map((a) => a.message)).toEqual([
      { code: 'agent.inState', name: 'Olivia <b>Bennett</b>', state: 'on-call', seconds: 185, since: NOW - 185_000 },
      { code: 'queue.longestWait', queue: 'Billing', seconds: 42, since: NOW - 42_000 },
      { code: 'queue.serviceLevel', queue: 'Billing', value: 62.5, target: 80 },
      { code: 'queue.abandon', queue: 'Billing', value: 12.25, target: 5 },
      { code: 'centre.staffing', needed: 1, available: 0 },
    ]);
    expect(alerts.map((a) => a.text)).toEqual([
      'Olivia <b>Bennett</b> on a call for 3 min',
      'Billing: a caller has waited 42 s',
      'Billing: service level 62.5% (target 80%)',
      'Billing: 12.3% abandoned (target ≤ 5%)',
      'Erlang C needs 1 agents now; 0 available',
    ]);
  });

  it("words a caller's wait in the core's English as the desks do (whole minutes after the first), so a long wait changes its sentence once a minute, not every second", () => {
    const waitedFor = (seconds: number) => alertConditions(NOW, [], [{ ...queues[0], longestWaitSince: NOW - seconds * 1000 } as QueueTile], centre, settings).find((c) => c.message.code === 'queue.longestWait')?.text;
    expect(waitedFor(59)).toBe('Billing: a caller has waited 59 s');
    expect(waitedFor(60)).toBe('Billing: a caller has waited 1 min');
    expect(new Set([61, 75, 90, 119].map(waitedFor))).toEqual(new Set(['Billing: a caller has waited 1 min']));
    expect(waitedFor(120)).toBe('Billing: a caller has waited 2 min');
  });

  it('words a time in a state or a wait as it stands on the desk’s clock (from `since`), the alert logged once: never less than the figure it was logged with', async () => {
    const [inState, wait] = alerts as [BoardAlert, BoardAlert];
    expect(alertPlainText(wait, NOW)).toBe('Billing: a caller has waited 42 s');
    expect(alertPlainText(wait, NOW + 5_000)).toBe('Billing: a caller has waited 47 s');
    expect(alertPlainText(wait, NOW + 18_000)).toBe('Billing: a caller has waited 1 min');
    expect(alertPlainText(inState, NOW + 60_000)).toBe('Olivia <b>Bennett</b>: On call for 4 min');
    // A desk whose clock is behind the server's shows the logged figure, not less.
    expect(alertPlainText(wait, NOW - 10_000)).toBe('Billing: a caller has waited 42 s');
    // An alert logged before `since` was sent keeps its own figure.
    expect(alertPlainText({ ...wait, message: { code: 'queue.longestWait', queue: 'Billing', seconds: 42 } }, NOW + 5_000)).toBe('Billing: a caller has waited 42 s');
  });

  it('in en-GB and de-DE: the catalogue’s words, Intl’s numbers, plurals', async () => {
    expect(await inLocale('en-GB')).toEqual([
      'Olivia <b>Bennett</b>: On call for 3 min',
      'Billing: a caller has waited 42 s',
      'Billing: service level 62.5% (target 80.0%)',
      'Billing: 12.3% abandoned (target ≤ 5.0%)',
      'Erlang C needs 1 agent now; 0 available',
    ]);
    expect(await inLocale('de-DE')).toEqual([
      'Olivia <b>Bennett</b>: Im Gespräch seit 3 Min.',
      'Billing: Ein Anrufer wartet seit 42 s',
      // Intl puts a no-break space before the German per cent sign.
      'Billing: Servicelevel 62,5\u00a0% (Ziel 80,0\u00a0%)',
      'Billing: 12,3\u00a0% aufgelegt (Ziel ≤ 5,0\u00a0%)',
      'Erlang C braucht jetzt 1 Agenten; 0 verfügbar',
    ]);
  });

  it('in the pseudo-locale every word is accented but the names, which stay data', async () => {
    const pseudo = await inLocale('en-XA');
    for (const text of pseudo) expect(text).toMatch(/^\[.*\]$/);
    expect(pseudo[0]).toContain('Olivia <b>Bennett</b>');
    expect(pseudo[1]).toContain('Billing');
    expect(pseudo[1]).not.toContain('waited');
  });

  it('shows names as text marked translate="no" (markup in a name stays text), and an alert logged before codes as its English text', async () => {
    const i18n = i18nNow();
    await i18n.changeLanguage('en-GB');
    const html = (alert: Pick<BoardAlert, 'message' | 'text'>) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(AlertText, { alert })));
    // The markup, not the clock: the component words a duration from `since` on the board's real clock (tested above with a given one).
    const inState = alerts[0] as BoardAlert & { message: { since?: number } };
    const logged = { ...inState, message: { ...inState.message, since: undefined } } as BoardAlert;
    expect(html(logged)).toBe('<span translate="no">Olivia &lt;b&gt;Bennett&lt;/b&gt;</span>: On call for 3 min');
    expect(html(alerts[2] as BoardAlert)).toBe('<span translate="no">Billing</span>: service level 62.5% (target 80.0%)');
    expect(html({ text: 'Billing: a caller has waited 42 s' })).toBe('<span translate="no">Billing: a caller has waited 42 s</span>');
    expect(alertPlainText({ text: 'an old alert' })).toBe('an old alert');
  });
});
