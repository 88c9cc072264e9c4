export { Wallboard } from './Wallboard';
export { parseWallboardHash, wallboardUrl } from './wallboard-route';
export { createWallboardApp } from './wallboard';
