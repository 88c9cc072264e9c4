export { PhoneSettings } from './PhoneSettings';
export { loadPhoneConfig } from './phone-config';
