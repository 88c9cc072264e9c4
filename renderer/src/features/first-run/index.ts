export { FirstRun } from './FirstRun';
export { createFirstRunStore, type FirstRunStore } from './first-run-store';
export { useFirstRun } from './use-first-run';
