import { createContext, useContext } from 'react';

/** Opens the calls behind a number. Absent (null) on the read-only wallboard, where numbers are plain text. */
export type OpenDrill = (title: string, callIds: readonly number[]) => void;

export const DrillContext = createContext<OpenDrill | null>(null);

export function useDrill(): OpenDrill | null {
  return useContext(DrillContext);
}
