// chat-platform (seed 004) at /apps/chat-platform (or the root of APP_PORT_CHAT_PLATFORM): all of
// its POST + JSON endpoints, each parsing its body, calling one use case and rendering the
// answer in `{result, message, data}`. Its socket is ws.ts, a push dialect on WS_PORT.
import { facadeSurface } from '../framework/surface.js';
import { chat33Routes } from './chat33.js';
import { chatroomRoutes } from './chatroom.js';
import { chatPlatformDialect } from './dialect.js';
import { friendRoutes } from './friend.js';
import { redPacketRoutes } from './redPacket.js';
import { roomReadRoutes } from './room.js';
import { roomAdminRoutes } from './roomAdmin.js';
import type { Route } from './support.js';
import { userRoutes } from './user.js';

export const chatPlatformRoutes: readonly Route[] = [...userRoutes, ...chat33Routes, ...chatroomRoutes, ...roomReadRoutes, ...roomAdminRoutes, ...friendRoutes, ...redPacketRoutes];

export const chatPlatformSurface = (prefix?: string) => facadeSurface(chatPlatformDialect, chatPlatformRoutes, prefix);
