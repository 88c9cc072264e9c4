import { describe, expect, it } from 'vitest';
import { callerIdentity, MAX_DISPLAY_NAME, sanitiseDisplayText, splitNameAddr } from '../../../shared/domain/call/caller-identity';

describe('callerIdentity', () => {
  it('prefers the number in P-Asserted-Identity and the name in From', () => {
    const id = callerIdentity(
      { pAssertedIdentity: '<sip:+442079460958@carrier.example>', from: '"Liv B" <sip:unknown@10.0.0.9>;tag=1' },
      'GB',
    );
    expect(id).toEqual({
      displayName: 'Liv B',
      number: { kind: 'number', e164: '+442079460958', national: '020 7946 0958', country: 'GB' },
      source: 'p-asserted-identity',
    });
  });

  it('falls back to From and unescapes a quoted display name', () => {
    const id = callerIdentity({ from: '"Olivia \\"Liv\\" Bennett" <sip:02079460958@pbx>;tag=x' }, 'GB');
    expect(id.displayName).toBe('Olivia "Liv" Bennett');
    expect(id.number).toMatchObject({ e164: '+442079460958' });
    expect(id.source).toBe('from');
  });

  it('treats anonymous From, missing headers and Privacy: id as withheld', () => {
    expect(callerIdentity({ from: '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1' }, 'GB').number.kind).toBe('withheld');
    expect(callerIdentity({}, 'GB').number.kind).toBe('withheld');
    expect(callerIdentity({ from: '<sip:+442079460958@x>', privacy: 'id' }, 'GB').number.kind).toBe('withheld');
  });

  it('keeps markup in a display name as inert text and bounds its length', () => {
    const id = callerIdentity({ from: '"<img src=x onerror=alert(1)>" <sip:+442079460958@x>' }, 'GB');
    expect(id.displayName).toBe('<img src=x onerror=alert(1)>');
    const long = callerIdentity({ from: `"${'A'.repeat(4096)}" <sip:+442079460958@x>` }, 'GB');
    expect(long.displayName?.length).toBe(MAX_DISPLAY_NAME);
    expect(long.number).toMatchObject({ e164: '+442079460958' });
    const huge = callerIdentity({ from: `"${'A'.repeat(20_000)}" <sip:+442079460958@x>` }, 'GB');
    expect(huge.number.kind).toBe('withheld'); // past MAX_IDENTITY_HEADER: ignored, not parsed
    expect(sanitiseDisplayText('B'.repeat(4096)).length).toBe(MAX_DISPLAY_NAME);
  });

  it('splits name-addr and addr-spec forms', () => {
    expect(splitNameAddr('Bob <sip:1@x>;tag=9')).toEqual({ name: 'Bob', uri: 'sip:1@x' });
    expect(splitNameAddr('sip:1@x;tag=9')).toEqual({ name: null, uri: 'sip:1@x' });
    expect(splitNameAddr('"a<b>" <tel:+15551234567>')).toEqual({ name: 'a<b>', uri: 'tel:+15551234567' });
  });

  it('strips control and bidi-override characters that could disguise a name', () => {
    expect(sanitiseDisplayText('Bob\u202eevil\u0000\n  Smith')).toBe('Bobevil Smith');
  });
});
