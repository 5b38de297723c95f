// The listeners of `npm run bench:push`: a child process (forked by bench/push.ts, talking over
// IPC) so the sockets' receiving side runs on neither the gateway's event loop nor its V8 heap.
//
// On one machine the listeners share the cores with the gateway, so what they spend per frame
// is taken from it. The default client is therefore a minimal WebSocket reader over raw TCP: it
// finds frame boundaries and reads `seq` (and `fromSeq`) with a scan instead of a JSON parse,
// and records each frame's arrival time and seqs in typed arrays; latency is worked out at the
// end, from the append time of every seq (a coalesced frame stands for several, each with its
// own append time). `--client ws` uses the `ws` library instead, as a cross-check.
import net from 'node:net';
import WebSocket from 'ws';

export type ToClient =
  | { kind: 'start'; port: number; count: number; offset: number; client: 'raw' | 'ws'; channel: string }
  /** Each seq's append time (epoch ms), known to the parent once published. */
  | { kind: 'report'; sentAt: [number, number][] }
  | { kind: 'exit' };
export type FromClient =
  | { kind: 'connected'; n: number }
  | { kind: 'ready' }
  | { kind: 'received'; n: number }
  | {
      kind: 'report';
      /** Latency per delivered message, in 0.1 ms buckets. */
      histogram: Record<string, number>;
      messages: number;
      frames: number;
      gaps: number;
      closed: number;
      /** Messages whose append time the parent did not know (not from the bench's generator). */
      unmatched: number;
    };

const now = () => performance.timeOrigin + performance.now();
/** Latency buckets of 0.1 ms, capped at 60 s. */
export const bucket = (ms: number) => Math.min(Math.max(0, Math.round(ms * 10)), 600_000);

/** Arrival time and seq range of every frame, in growing typed arrays (millions of frames). */
class Receipts {
  n = 0;
  private at = new Float64Array(1 << 16);
  private from = new Int32Array(1 << 16);
  private to = new Int32Array(1 << 16);
  add(t: number, fromSeq: number, seq: number): void {
    if (this.n === this.at.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.at = grow(this.at, (k) => new Float64Array(k));
      this.from = grow(this.from, (k) => new Int32Array(k));
      this.to = grow(this.to, (k) => new Int32Array(k));
    }
    this.at[this.n] = t;
    this.from[this.n] = fromSeq;
    this.to[this.n] = seq;
    this.n++;
  }
  histogram(sentAt: Map<number, number>): { histogram: Map<number, number>; unmatched: number } {
    const histogram = new Map<number, number>();
    let unmatched = 0;
    for (let i = 0; i < this.n; i++) {
      for (let s = this.from[i] ?? 0; s <= (this.to[i] ?? -1); s++) {
        const sent = sentAt.get(s);
        if (sent === undefined) {
          unmatched++;
          continue;
        }
        const b = bucket((this.at[i] ?? 0) - sent);
        histogram.set(b, (histogram.get(b) ?? 0) + 1);
      }
    }
    return { histogram, unmatched };
  }
}

/** The integer after `key` in s (keys are JSON object keys with their quotes), or -1. */
const intAfter = (s: string, key: string): number => {
  const k = s.indexOf(key);
  if (k < 0) return -1;
  let n = 0;
  for (let i = k + key.length; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return n;
};

/** The subscription every listener sends: to the bench's channel (set by the parent's start). */
let SUBSCRIBE = Buffer.from(JSON.stringify({ op: 'subscribe', channel: 'room:bench' }));

/** A masked client text frame (an all-zero mask is legal and leaves the payload as it is). */
const clientFrame = (opcode: number, payload: Buffer): Buffer => {
  if (payload.length >= 126) throw new Error('client frames here are short');
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
};

export const runClient = () => {
  const send = (m: FromClient) => process.send?.(m);
  const receipts = new Receipts();
  let messages = 0;
  let frames = 0;
  let gaps = 0;
  let closed = 0;
  let sinceTick = 0;
  const closers: (() => void)[] = [];
  const ticker = setInterval(() => {
    if (sinceTick > 0) send({ kind: 'received', n: sinceTick });
    sinceTick = 0;
  }, 250);

  /** One listener's view of a text frame: the subscription ack, or the next message(s) in seq order. */
  const listener = (onSubscribed: () => void) => {
    let last = -1;
    return (text: string, t: number) => {
      if (text.startsWith('{"op":')) {
        if (text.startsWith('{"op":"subscribed"')) {
          last = intAfter(text, '"seq":');
          onSubscribed();
        }
        return;
      }
      const seq = intAfter(text, '"seq":');
      if (seq < 0) return;
      const from = text.includes('"fromSeq":') ? intAfter(text, '"fromSeq":') : seq;
      if (from !== last + 1) gaps++;
      last = seq;
      const covered = seq - from + 1; // a coalesced frame stands for several messages
      frames++;
      messages += covered;
      sinceTick += covered;
      receipts.add(t, from, seq);
    };
  };

  const connectRaw = (port: number, user: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
      const onText = listener(resolve);
      let head = '';
      let upgraded = false;
      let rest: Buffer | null = null;
      const frames = (chunk: Buffer) => {
        const t = now();
        const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
        let i = 0;
        for (;;) {
          if (buf.length - i < 2) break;
          const b0 = buf[i] ?? 0;
          const b1 = (buf[i + 1] ?? 0) & 0x7f;
          let len = b1;
          let h = 2;
          if (b1 === 126) {
            if (buf.length - i < 4) break;
            len = buf.readUInt16BE(i + 2);
            h = 4;
          } else if (b1 === 127) {
            if (buf.length - i < 10) break;
            len = Number(buf.readBigUInt64BE(i + 2));
            h = 10;
          }
          if (buf.length - i < h + len) break;
          const op = b0 & 0x0f;
          if (op === 1) onText(buf.toString('latin1', i + h, i + h + len), t);
          else if (op === 9) socket.write(clientFrame(0xa, buf.subarray(i + h, i + h + len)));
          i += h + len;
        }
        // Copy a partial frame out, so the chunk it came in can be freed.
        rest = i < buf.length ? Buffer.from(buf.subarray(i)) : null;
      };
      socket.on('connect', () => {
        const key = Buffer.from(user.padEnd(16, '.').slice(0, 16)).toString('base64');
        socket.write(`GET /v1/ws?token=bench-${user} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      socket.on('data', (chunk: Buffer) => {
        if (upgraded) return frames(chunk);
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${head.slice(0, 80)}`));
        upgraded = true;
        socket.write(clientFrame(0x1, SUBSCRIBE));
        const after = Buffer.from(head.slice(end + 4), 'latin1');
        if (after.length > 0) frames(after);
      });
      socket.on('close', () => closed++);
      socket.on('error', reject);
      closers.push(() => socket.destroy());
    });

  const connectWs = (port: number, user: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws?token=bench-${user}`, { perMessageDeflate: false });
      const onText = listener(resolve);
      ws.on('message', (raw) => onText(String(raw), now()));
      ws.on('open', () => ws.send(SUBSCRIBE.toString()));
      ws.on('close', () => closed++);
      ws.on('error', reject);
      closers.push(() => ws.terminate());
    });

  process.on('message', (m: ToClient) => {
    if (m.kind === 'start') {
      SUBSCRIBE = Buffer.from(JSON.stringify({ op: 'subscribe', channel: m.channel }));
      const connect = m.client === 'ws' ? connectWs : connectRaw;
      void (async () => {
        let next = 0;
        let done = 0;
        const lane = async () => {
          while (next < m.count) {
            const i = next++;
            await connect(m.port, String(m.offset + i));
            if (++done % 100 === 0) send({ kind: 'connected', n: 100 });
          }
        };
        await Promise.all(Array.from({ length: 64 }, lane));
        send({ kind: 'connected', n: done % 100 });
        send({ kind: 'ready' });
      })().catch((err: unknown) => {
        console.error('bench client failed to connect:', err);
        process.exit(1);
      });
    } else if (m.kind === 'report') {
      const { histogram, unmatched } = receipts.histogram(new Map(m.sentAt));
      send({ kind: 'report', histogram: Object.fromEntries([...histogram].map(([k, v]) => [String(k), v])), messages, frames, gaps, closed, unmatched });
    } else {
      clearInterval(ticker);
      for (const close of closers) close();
      setTimeout(() => process.exit(0), 50);
    }
  });
};
