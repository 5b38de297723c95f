// A push dialect is how one kind of client speaks on the gateway: its socket path, how it says who
// it is, how a committed message is written for it, and what it may send. /v1 is one dialect; a
// seed app's socket (/apps/<app>/ws...) is another over the same channels, seqs and topics, so a
// facade socket is an encoder, never a second gateway.
import { ClientFrame, type CommandFrame, type ControlFrame } from '../../contracts/push.js';
import type { PushMessage } from '../../projections/push/store.js';
import { encode, encodeGroup } from './frames.js';

/** What the upgrade request carries, read synchronously (uWS requests die after the handler). */
export interface UpgradeInfo {
  query: URLSearchParams;
  header(name: string): string;
}

export interface Principal {
  /** A user id, or `guest:<device>` for a device without an account. */
  userId: string;
  /** The session's end (epoch ms); the socket is closed then. */
  expiresAt: number;
  /** The session token, so revoking it can close its sockets. */
  token?: string;
  /** The session's key (the token's hash), which ended sessions are announced by. */
  sessionKey?: string;
}

/**
 * What a client frame asks of the gateway (dialects translate their own frames into these): the
 * gateway's own subscribe / unsubscribe / ping, or a command for the application layer.
 */
export type ClientRequest = { op: 'subscribe'; channel: string; since?: number } | { op: 'unsubscribe'; channel: string } | { op: 'ping' } | CommandFrame;

export interface PushDialect {
  name: string;
  path: string;
  authenticate(info: UpgradeInfo): Promise<Principal | null>;
  /** The topic of a channel for this dialect's sockets (each dialect encodes once per message). */
  topic(channel: string): string;
  /** Frames for consecutive messages of one channel (one message, or a coalesced run). */
  encodeGroup(msgs: readonly PushMessage[]): Buffer[];
  /** A control frame (subscribed, resync, error, pong), or null for a dialect without them. */
  control(frame: ControlFrame): Buffer | null;
  /** A client frame as requests, or an error frame's message when it is not understood (the socket's principal, for dialects whose frames name targets relative to it). */
  parse(text: string, principal?: Principal): ClientRequest | { error: string };
  /** Channels a socket holds from the start (without asking). */
  implicit(p: Principal): string[];
  /**
   * What must be looked up before these messages can be encoded (a sender's card), or null when
   * nothing is missing. The gateway publishes in order: later messages wait behind this one.
   */
  prepare?(msgs: readonly PushMessage[]): Promise<void> | null;
  /**
   * Sees each committed message once, live and in log order, just before it is fanned out (a
   * replay never comes here): what a dialect holds from the log (a sender's card) is kept
   * current here, so every frame after a change shows it and none before it does.
   */
  observe?(message: PushMessage): void;
  /** The socket follows its user's groups: a group joined while connected is held at once, without asking. */
  followsGroups?: boolean;
  /** A frame for something not in the log (a group's online count), or null when the dialect has none. */
  ephemeral?(notice: EphemeralNotice): Buffer | null;
}

/** Push that is not a committed message: no seq, no history, lost by a socket that is not there. */
export type EphemeralNotice = { kind: 'group.online'; groupId: string; count: number; at: string };

const bearer = (header: string): string => (header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '');

/** The core's own dialect: `ws://host:WS_PORT/v1/ws?token=...`, frames of contracts/push.ts. */
export const v1Dialect = (authenticate: (token: string) => Promise<Principal | null>): PushDialect => ({
  name: 'v1',
  path: '/v1/ws',
  authenticate: (info) => {
    const token = info.query.get('token') || bearer(info.header('authorization'));
    return token ? authenticate(token) : Promise.resolve(null);
  },
  topic: (channel) => channel,
  encodeGroup: (msgs) => [encodeGroup(msgs)],
  control: encode,
  parse: (text) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ClientFrame.safeParse(json);
    return parsed.success ? parsed.data : { error: parsed.error.issues[0]?.message ?? 'bad frame' };
  },
  implicit: () => [],
});
