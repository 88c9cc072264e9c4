import type { ApiClient } from '../../platform/api-client';
import { createLiveBoard, type LiveBoard } from '../board-model';
import { createWallboardSession, type WallboardSession } from './wallboard-session';
import type { WallboardRoute } from './wallboard-route';

export interface WallboardApp {
  api: ApiClient;
  route: WallboardRoute;
  board: LiveBoard;
  session: WallboardSession;
}

/** Everything a wallboard screen needs, made once outside React: the board store and the token session. */
export function createWallboardApp(api: ApiClient, route: WallboardRoute): WallboardApp {
  const board = createLiveBoard(api);
  return { api, route, board, session: createWallboardSession(api, route.token, board.store) };
}
