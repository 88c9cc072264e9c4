import { describe, expect, it } from 'vitest';
import {
  availableActions,
  inboundCall,
  outboundCall,
  transition,
  type CallEvent,
  type CallState,
} from '../../../shared/domain/call/call-state';

function run(start: CallState, ...events: CallEvent['type'][]): CallState {
  return events.reduce((s, type) => {
    const t = transition(s, { type } as CallEvent);
    if (!t.ok) throw new Error(t.reason);
    return t.state;
  }, start);
}

describe('call state machine', () => {
  it('takes an inbound call through answer, hold, resume and hang-up', () => {
    const s = run(inboundCall(), 'answer', 'established', 'hold', 'hold-confirmed', 'resume', 'resume-confirmed', 'hangup');
    expect(s).toEqual({ phase: 'ended', muted: false, endReason: 'local-hangup' });
  });

  it('rolls a failed hold back to active and a failed resume back to held', () => {
    expect(run(inboundCall(), 'answer', 'established', 'hold', 'hold-failed').phase).toBe('active');
    expect(run(inboundCall(), 'answer', 'established', 'hold', 'hold-confirmed', 'resume', 'resume-failed').phase).toBe('held');
  });

  it('does not confirm a hold that was never requested', () => {
    const active = run(inboundCall(), 'answer', 'established');
    expect(transition(active, { type: 'hold-confirmed' })).toEqual({ ok: false, reason: 'hold-confirmed is not possible while active' });
  });

  it('records why a ringing call ended: cancelled by the caller, declined, or missed', () => {
    expect(run(inboundCall(), 'remote-cancel').endReason).toBe('caller-cancelled');
    expect(run(inboundCall(), 'decline').endReason).toBe('declined');
    expect(run(inboundCall(), 'ring-timeout').endReason).toBe('missed');
  });

  it('refuses everything after the end except nothing', () => {
    const ended = run(inboundCall(), 'decline');
    for (const type of ['answer', 'hangup', 'remote-bye', 'failed', 'mute'] as const) {
      expect(transition(ended, { type }).ok).toBe(false);
    }
  });

  it('keeps mute across hold and resume', () => {
    const s = run(inboundCall(), 'answer', 'established', 'mute', 'hold', 'hold-confirmed', 'resume', 'resume-confirmed');
    expect(s).toMatchObject({ phase: 'active', muted: true });
  });

  it('lets an outbound call be abandoned while dialing or rejected by the far end', () => {
    expect(run(outboundCall(), 'hangup').endReason).toBe('local-hangup');
    expect(run(outboundCall(), 'remote-rejected').endReason).toBe('rejected-by-remote');
    expect(run(outboundCall(), 'established').phase).toBe('active');
  });

  it('derives the buttons to offer from the state', () => {
    expect([...availableActions(inboundCall())].sort()).toEqual(['answer', 'decline']);
    expect([...availableActions(run(inboundCall(), 'answer', 'established'))].sort()).toEqual(['hangup', 'hold', 'mute', 'transferred', 'unmute']);
    expect([...availableActions(run(inboundCall(), 'answer', 'established', 'hold'))].sort()).toEqual(['hangup', 'mute', 'transferred', 'unmute']);
  });
});
