import type { enGB } from './en-GB';

// Keys checked at compile time: t('wallboard.view.queues') compiles, a typo does not.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enGB };
  }
}
