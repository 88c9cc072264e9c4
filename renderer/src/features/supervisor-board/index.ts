export { DeskOrBoard } from './DeskOrBoard';
export { Elapsed } from './Elapsed';
export { QueueTiles } from './QueueTiles';
export { TrendsPanel } from './TrendsPanel';
export { Modal } from './Modal';
