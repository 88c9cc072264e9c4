export { PhoneSettings } from './PhoneSettings';
export { loadPhoneConfig } from './phone-config';
export { phonePasswordStore } from './phone-password';
