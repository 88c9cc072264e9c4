export { type CellMetric, PHASE_LABEL, RAG_WORD, STATE_LABEL, formatCell, formatCellTarget, formatClock, stateSeverity } from './board-format';
export { AlertText, alertPlainText } from './alert-words';
export { type BoardStatus, type BoardStore } from './board-store';
export { type LiveBoard, createLiveBoard } from './live-board';
export { useBoard } from './use-board';
export { useClock } from './use-clock';
export { useRenderProbe } from './use-render-probe';
