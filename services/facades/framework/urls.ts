// Absolute URLs a facade hands out (heihei-live /api/init, the IM apps' imServerUrl): from
// PUBLIC_HTTP_URL / PUBLIC_WS_URL when set (the public origins of the HTTP and push listeners,
// behind a proxy or TLS), else from the request's Host and port; either way followed by the mount
// the request came in on (/apps/<app>, or nothing on the app's own port).
import type { FastifyRequest } from 'fastify';
import type { Core } from '../../app/core.js';

export interface Urls {
  /** An HTTP URL of a path of this facade (a seed path such as /api/user/info). */
  http(path: string): string;
  /** A WebSocket URL on the push port (facade sockets always live under /apps/<app> there). */
  ws(path: string): string;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export const urlsFor = (core: Core, req: FastifyRequest, mountPrefix: string): Urls => {
  const hostHeader = req.headers.host ?? `127.0.0.1:${core.config.PORT}`;
  const hostname = hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '[$1]');
  const httpBase = core.config.PUBLIC_HTTP_URL ? trimSlash(core.config.PUBLIC_HTTP_URL) : `${req.protocol}://${hostHeader}`;
  const wsBase = core.config.PUBLIC_WS_URL ? trimSlash(core.config.PUBLIC_WS_URL) : `ws://${hostname}:${core.wsPort()}`;
  return {
    http: (path) => `${httpBase}${mountPrefix}${path}`,
    ws: (path) => `${wsBase}${path}`,
  };
};
