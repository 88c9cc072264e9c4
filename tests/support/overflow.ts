import type { Page } from 'playwright';

/**
 * Text that does not fit where it is shown, inside `root` on the page: a text run outside the
 * box it belongs to (a tile, a figure, a card) or outside the window, and any element that
 * hides part of its content (overflow hidden/clip/auto with more content than room). Returns
 * one line per problem, empty when everything fits. Screen-reader-only text is ignored.
 */
export function textOverflow(page: Page, root: string, boxes: string): Promise<string[]> {
  return page.evaluate(
    ({ root, boxes }) => {
      const problems: string[] = [];
      const vw = document.documentElement.clientWidth;
      const vh = document.documentElement.clientHeight;
      const scope = document.querySelector(root);
      if (scope === null) return [`${root} is not on the page`];
      const doc = document.scrollingElement ?? document.documentElement;
      if (doc.scrollWidth > vw + 1 || doc.scrollHeight > vh + 1) problems.push(`the page scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${vw}×${vh}`);
      const label = (el: Element): string => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        const el = node.parentElement;
        if (text === '' || el === null || el.closest('.sr-only') !== null) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = el.closest(boxes)?.getBoundingClientRect() ?? { left: 0, top: 0, right: vw, bottom: vh };
        for (const r of range.getClientRects()) {
          if (r.width === 0) continue;
          const out =
            r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.right > vw + 1 || r.bottom > vh + 1;
          if (out) problems.push(`"${text.slice(0, 40)}" (${label(el)}) outside its box`);
        }
      }
      for (const el of scope.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || el.closest('.sr-only') !== null || el instanceof SVGElement) continue;
        const clipsX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
        const clipsY = style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1;
        if (clipsX || clipsY) problems.push(`${label(el)} hides content: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
      }
      return problems;
    },
    { root, boxes },
  );
}
