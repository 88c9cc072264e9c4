export { CustomerCard } from './CustomerCard';
export { ScreenPop } from './ScreenPop';
export { RoutedPreview } from './RoutedPreview';
