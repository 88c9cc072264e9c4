export { CallbackOffer } from './CallbackOffer';
