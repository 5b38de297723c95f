// Every seed app's facade surface (see README.md here and ../../../shared/facades.md), mounted at
// /apps/<app>; the same surfaces serve an app's own port (APP_PORT_<NAME>) at its root.
import type { Surface } from '../api/surface.js';
import type { AppName } from '../app/policies.js';
import type { Config } from '../shared/config.js';
import { chatPlatformSurface } from './chat-platform/index.js';
import { heiheiSurface } from './heihei-live/index.js';
import { chatWalletSurface, imGroupsWalletSurface } from './im-wallet/index.js';
import { vpartySurface } from './vparty/index.js';

const byApp: Partial<Record<AppName, (prefix?: string) => Surface>> = {
  vparty: vpartySurface,
  'heihei-live': heiheiSurface,
  'chat-platform': chatPlatformSurface,
  'im-groups-wallet': imGroupsWalletSurface,
  'chat-wallet': chatWalletSurface,
};

export const facadeSurfaces: readonly Surface[] = Object.values(byApp).map((make) => make());

/** The apps configured to listen on a port of their own, with a surface mounted at its root. */
export const ownPorts = (config: Config): { app: AppName; port: number; surface: Surface }[] => {
  const ports: Partial<Record<AppName, number | undefined>> = {
    vparty: config.APP_PORT_VPARTY,
    'heihei-live': config.APP_PORT_HEIHEI_LIVE,
    'chat-wallet': config.APP_PORT_CHAT_WALLET,
    'im-groups-wallet': config.APP_PORT_IM_GROUPS_WALLET,
    'chat-platform': config.APP_PORT_CHAT_PLATFORM,
  };
  return Object.entries(byApp).flatMap(([app, make]) => {
    const port = ports[app as AppName];
    return port === undefined ? [] : [{ app: app as AppName, port, surface: make('') }];
  });
};
