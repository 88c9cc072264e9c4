export { CustomerCard } from './CustomerCard';
export { ScreenPop } from './ScreenPop';
