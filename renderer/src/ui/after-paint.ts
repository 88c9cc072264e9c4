/**
 * Runs `work` in the task right after the page's next frame is painted (requestAnimationFrame runs
 * just before the paint; the task it queues runs just after it): for work that must not delay what
 * is about to be painted, such as the screen pop. Outside a page (no frames) it runs on a timer.
 */
export function afterPaint(work: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(work, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(work, 0));
}
