import type { Page } from 'playwright';

/**
 * Plain English left on a page shown in the pseudo-locale (en-XA), inside `root`: every catalogue
 * text there is accented, so a word of three or more plain ASCII letters in a text node or a spoken
 * attribute (aria-label, title, placeholder, alt; outside aria-hidden parts) was not translated. Data shown as stored — names,
 * queues, the core's formulas and alert texts — is marked `translate="no"` and skipped, and so are
 * its words where a catalogue text quotes them ("Change state: Olivia Bennett"), and month names
 * Intl writes in dates. Returns one line per offending text, empty when none is left.
 */
export function englishOnPage(page: Page, root: string): Promise<string[]> {
  return page.evaluate((root) => {
    const scope = document.querySelector(root);
    if (scope === null) return [`${root} is not on the page`];
    const words = (text: string): string[] => text.match(/[A-Za-z]{3,}/g) ?? [];
    const data = new Set<string>();
    for (const el of document.querySelectorAll('[translate="no"]')) for (const w of words(el.textContent ?? '')) data.add(w);
    for (let m = 0; m < 12; m++) for (const w of words(new Date(2026, m, 1).toLocaleString('en-GB', { month: 'long' }))) data.add(w).add(w.slice(0, 3));
    const problems: string[] = [];
    const check = (text: string, where: string): void => {
      const left = words(text).filter((w) => !data.has(w));
      if (left.length > 0) problems.push(`${where}: "${text.trim().replace(/\s+/g, ' ').slice(0, 80)}" (${left.join(' ')})`);
    };
    const label = (el: Element): string => `${el.tagName.toLowerCase()}${el.classList.length > 0 ? `.${[...el.classList].join('.')}` : ''}`;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el === null || el.closest('[translate="no"], script, style') !== null) continue;
      check(node.textContent ?? '', label(el));
    }
    // Attributes are read out only outside aria-hidden parts (a chart library's own labels there are never heard).
    for (const el of [scope, ...scope.querySelectorAll('*')]) {
      if (el.closest('[translate="no"], [aria-hidden="true"]') !== null) continue;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(attr);
        if (value !== null) check(value, `${label(el)}[${attr}]`);
      }
    }
    return problems;
  }, root);
}
