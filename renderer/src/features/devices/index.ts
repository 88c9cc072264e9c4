export { DeviceSettings } from './DeviceSettings';
export { chosenDevice } from './chosen-device';
export { Ringtone } from './ringtone';
