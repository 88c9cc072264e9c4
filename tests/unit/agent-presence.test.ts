import { describe, expect, it } from 'vitest';
import { presenceChangeProblem } from '../../shared/domain/agent-presence';

const reasons = ['Lunch', 'Training'];

describe('presenceChangeProblem', () => {
  it('lets an agent go available, on a listed break, or offline', () => {
    expect(presenceChangeProblem('break', 'available', undefined, reasons)).toBeNull();
    expect(presenceChangeProblem('available', 'break', 'Lunch', reasons)).toBeNull();
    expect(presenceChangeProblem('available', 'offline', undefined, reasons)).toBeNull();
  });

  it('refuses a break without a reason or with an unlisted one as invalid input', () => {
    expect(presenceChangeProblem('available', 'break', undefined, reasons)?.kind).toBe('invalid');
    expect(presenceChangeProblem('available', 'break', 'Nap', reasons)?.message).toContain('Nap');
  });

  it('refuses call-driven states and changes during a call', () => {
    expect(presenceChangeProblem('available', 'on-call', undefined, reasons)?.kind).toBe('invalid');
    expect(presenceChangeProblem('on-call', 'break', 'Lunch', reasons)?.kind).toBe('conflict');
    expect(presenceChangeProblem('ringing', 'offline', undefined, reasons)?.kind).toBe('conflict');
  });
});
