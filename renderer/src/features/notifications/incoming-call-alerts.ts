import { formatE164 } from '../../../../shared/domain/phone';
import { i18nNow } from '../../i18n';
import type { CallView } from '../softphone';

/** Who is calling, as a person would say it: the caller-supplied name, else the number, never a placeholder hiding it. */
export function callerWords(call: CallView): { who: string; number: string } {
  const n = call.identity.number;
  const t = i18nNow().t;
  const number = n.kind === 'number' ? formatE164(n.e164) : n.kind === 'withheld' ? t('common.withheld') : n.raw;
  return { who: call.identity.displayName ?? number, number };
}

/** What the desktop notification for a ringing call says. */
export function incomingNotice(call: CallView): { title: string; body: string; announce: string } {
  const t = i18nNow().t;
  const { who, number } = callerWords(call);
  return {
    title: t('notify.incomingTitle', { who }),
    body: t('notify.incomingBody', { number, queue: call.queue ?? '' }).replace(/ · $/, ''),
    announce: t('notify.announce', { who }),
  };
}

/** The tag every ringing notification shares: one ringing surface per agent, the newest replacing the last. */
export const RINGING_TAG = 'frontline-ringing';
