import { createContext, useContext } from 'react';
import type { BoardCellRef } from '../../../../shared/contract/schemas/board';
import type { CellMetric } from '../board-model';

/** Where a number is on the board: an agent's row, a team's row, a queue's tile or the centre strip. */
export type CellPlace = { scope: 'agent' | 'team' | 'queue'; id: number } | { scope: 'centre' };

/** The board number at this place and metric, as `board.trace` names it. */
export function cellRef(place: CellPlace, metric: CellMetric): BoardCellRef {
  return { ...place, metric } as BoardCellRef;
}

/** Opens the calls behind a number. Absent (null) on the read-only wallboard, where numbers are plain text. */
export type OpenDrill = (title: string, ref: BoardCellRef) => void;

export const DrillContext = createContext<OpenDrill | null>(null);

export function useDrill(): OpenDrill | null {
  return useContext(DrillContext);
}
