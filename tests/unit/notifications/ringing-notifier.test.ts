import { describe, expect, it } from 'vitest';
import type { RingingNotice } from '../../../shared/contract/ringing-notice';
import { browserRingingSurface, createRingingNotifier, type RingingDesk, type RingingSurface } from '../../../renderer/src/features/notifications/ringing-notifier';
import type { CallView } from '../../../renderer/src/features/softphone';
import { callView } from '../../support/call-view';

function call(id: string, phase: CallView['state']['phase'], direction: CallView['direction'] = 'inbound'): CallView {
  return callView(id, phase, { direction, queue: 'Sales', identity: { displayName: 'Olivia Bennett', number: { kind: 'number', e164: '+442079460958', national: '020 7946 0958', country: 'GB' }, source: 'from' } });
}

/** A surface and a desk that record what the notifier asks of them. */
function rig() {
  const log: string[] = [];
  const notices: RingingNotice[] = [];
  const surface: RingingSurface = {
    show: (n) => {
      notices.push(n);
      log.push(`show ${n.callId}`);
    },
    close: (id) => log.push(`close ${id}`),
  };
  const desk: RingingDesk = {
    answer: (id) => log.push(`answer ${id}`),
    decline: (id) => log.push(`decline ${id}`),
    focus: () => log.push('focus'),
  };
  return { log, notices, notifier: createRingingNotifier(surface, desk) };
}

describe('incoming-call notifications: when, one at a time, and what Answer/Decline do (ADR 0034)', () => {
  it('notifies a ringing inbound call only while the window is not focused, in the agent’s words with both buttons', () => {
    const { log, notices, notifier } = rig();
    notifier.update([call('a', 'ringing')], true);
    expect(log).toEqual([]);
    notifier.update([call('a', 'ringing')], false);
    expect(log).toEqual(['show a']);
    expect(notices[0]).toEqual({ callId: 'a', title: 'Incoming call — Olivia Bennett', body: '+44 20 7946 0958 · Sales', answer: 'Answer', decline: 'Decline' });
    // The same call updating (a new render, the pop arriving) does not notify again.
    notifier.update([call('a', 'ringing')], false);
    expect(log).toEqual(['show a']);
  });

  it('never notifies an outbound call or a call already answered', () => {
    const { log, notifier } = rig();
    notifier.update([call('out', 'ringing', 'outbound'), call('b', 'active')], false);
    expect(log).toEqual([]);
  });

  it('keeps one ringing surface: a second call replaces the first, and it closes when the call stops ringing or the desk gets the focus', () => {
    const { log, notifier } = rig();
    notifier.update([call('a', 'ringing')], false);
    notifier.update([call('a', 'ringing'), call('b', 'ringing')], false);
    expect(log).toEqual(['show a', 'close a', 'show b']);
    notifier.update([call('a', 'ringing'), call('b', 'ended')], false);
    expect(log.slice(3)).toEqual(['close b', 'show a']);
    notifier.update([call('a', 'ringing')], true);
    expect(log.slice(5)).toEqual(['close a']);
  });

  it('Answer answers that call and brings the desk forward; Decline declines it; a click only brings the desk forward', () => {
    const { log, notifier } = rig();
    const calls = [call('a', 'ringing'), call('b', 'ringing')];
    expect(notifier.act({ callId: 'a', action: 'answer' }, calls)).toBe('answered');
    expect(notifier.act({ callId: 'b', action: 'decline' }, calls)).toBe('declined');
    expect(notifier.act({ callId: 'b', action: 'focus' }, calls)).toBe('focused');
    expect(log).toEqual(['focus', 'answer a', 'decline b', 'focus']);
  });

  it('a late press does nothing to a call that was answered, ended or never rang here', () => {
    const { log, notifier } = rig();
    expect(notifier.act({ callId: 'a', action: 'answer' }, [call('a', 'active')])).toBe('ignored');
    expect(notifier.act({ callId: 'a', action: 'decline' }, [call('a', 'ended')])).toBe('ignored');
    expect(notifier.act({ callId: 'gone', action: 'answer' }, [call('a', 'ringing')])).toBe('ignored');
    expect(notifier.act({ callId: 'out', action: 'answer' }, [call('out', 'ringing', 'outbound')])).toBe('ignored');
    expect(log).toEqual([]);
  });

  it('browser mode: the Notification API with one shared tag, closed by its call, a click focusing the desk', () => {
    const made: FakeNotification[] = [];
    class FakeNotification {
      onclick: (() => void) | null = null;
      closed = false;
      constructor(
        readonly title: string,
        readonly options: NotificationOptions,
      ) {
        made.push(this);
      }
      close(): void {
        this.closed = true;
      }
    }
    const actions: string[] = [];
    const surface = browserRingingSurface(FakeNotification as unknown as new (t: string, o: NotificationOptions) => Notification, (m) => actions.push(`${m.action} ${m.callId}`));
    const notice = { callId: 'a', title: 'Incoming call — Olivia Bennett', body: '+44 20 7946 0958', answer: 'Answer', decline: 'Decline' };
    surface.show(notice);
    surface.show({ ...notice, callId: 'b' });
    expect(made.map((m) => [m.options.tag, m.options.requireInteraction, m.closed])).toEqual([
      ['frontline-ringing', true, true],
      ['frontline-ringing', true, false],
    ]);
    surface.close('a');
    expect(made[1]?.closed).toBe(false);
    surface.close('b');
    expect(made[1]?.closed).toBe(true);
    surface.show({ ...notice, callId: 'c' });
    made[2]?.onclick?.();
    expect(made[2]?.closed).toBe(true);
    expect(actions).toEqual(['focus c']);
  });
});
