import { useEffect, useState } from 'react';

/** Which of `count` views is on screen: the next one every `seconds`, or always `pinned`. */
export function useCycle(count: number, seconds: number, pinned: number | null): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (pinned !== null || count < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), seconds * 1000);
    return () => clearInterval(timer);
  }, [count, seconds, pinned]);
  return pinned ?? index % Math.max(count, 1);
}
