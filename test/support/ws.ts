// A WebSocket client for tests: collects every frame, and waits for the first one that matches.
import WebSocket from 'ws';

export interface Frame {
  channel?: string;
  seq?: number;
  type?: string;
  op?: string;
  id?: string;
  code?: string;
  data?: Record<string, unknown>;
}

export interface Listener {
  ws: WebSocket;
  frames: Frame[];
  /** The first frame (seen or to come) that matches; rejects after 10 s. */
  next(pred: (f: Frame) => boolean): Promise<Frame>;
  send(frame: object): void;
  /** Closes the socket and waits for it to be closed. */
  close(): Promise<void>;
}

export const listen = (url: string) =>
  new Promise<Listener>((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Frame[] = [];
    const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      frames.push(f);
      for (const w of [...waiters]) {
        if (!w.pred(f)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    });
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        next: (pred) =>
          new Promise((r, j) => {
            const hit = frames.find(pred);
            if (hit) return r(hit);
            waiters.push({ pred, resolve: r });
            setTimeout(() => j(new Error(`no frame in time; got ${JSON.stringify(frames).slice(0, 2000)}`)), 10_000).unref();
          }),
        send: (frame) => ws.send(JSON.stringify(frame)),
        close: () =>
          new Promise<void>((r) => {
            if (ws.readyState === WebSocket.CLOSED) return r();
            ws.once('close', () => r());
            ws.close();
          }),
      }),
    );
    ws.on('error', reject);
  });

/** A listener subscribed to one channel: resolves once the gateway confirmed the subscription. */
export const subscribed = async (url: string, channel: string): Promise<Listener> => {
  const l = await listen(url);
  l.send({ op: 'subscribe', channel });
  await l.next((f) => f.op === 'subscribed');
  return l;
};
