import { useEffect } from 'react';

/** Key chord such as "Alt+A" or "/" → action. Plain keys are ignored while typing in a field. */
export function useShortcuts(bindings: Record<string, () => void>): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      const chord = `${e.ctrlKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.key.length === 1 ? e.key.toUpperCase() : e.key}`;
      const target = e.target as HTMLElement | null;
      const typing = target !== null && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
      if (typing && !e.altKey && !e.ctrlKey) return;
      const action = bindings[chord];
      if (action !== undefined) {
        e.preventDefault();
        action();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bindings]);
}
