// CPU time by process during a scenario, read from /proc (Linux; elsewhere it reports nothing):
// the product's own process (all its threads), its PostgreSQL (every process under it), and
// this process, the load generator. On a small machine they share the same cores, so this says
// who the cores went to; and CPU per request is the bench's machine-independent measure (cost):
// a request's CPU does not shrink when the load generator or a neighbour takes the cores.
//
// Precision: /proc reports whole clock ticks (10 ms) per process, so a window's total is off by
// a few ticks at most (one per field of each process). The bench's windows hold seconds of CPU.
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
  ppid: number;
  /** utime + stime, in clock ticks: every thread of the process, ended ones included. */
  ticks: number;
  /** cutime + cstime: children that ended (a PostgreSQL backend whose connection closed). */
  ended: number;
}

/** USER_HZ: 100 on every Linux build that matters (`getconf CLK_TCK`). */
const MS_PER_TICK = 10;

const readProcs = (): Map<number, Proc> => {
  const procs = new Map<number, Proc>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return procs;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(e), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), ended: Number(f[13]) + Number(f[14]) });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return procs;
};

/** CPU milliseconds by party: the product process, every process under it (PostgreSQL), this process. */
export interface CpuMs {
  server: number;
  postgres: number;
  load: number;
}

/** Ticks used so far by the server process, its descendants (PostgreSQL), and this process. */
const snapshot = (serverPid: number): CpuMs => {
  const procs = readProcs();
  const under = new Set([serverPid]);
  let postgres = 0;
  // Descendants: repeat until no new child is found (process trees here are shallow).
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!under.has(pid) && under.has(p.ppid)) {
        under.add(pid);
        postgres += p.ticks + p.ended;
        grew = true;
      }
    }
  }
  return { server: procs.get(serverPid)?.ticks ?? 0, postgres, load: procs.get(process.pid)?.ticks ?? 0 };
};

export interface CpuSpent {
  /** CPU milliseconds each party used during the window. */
  ms: CpuMs;
  /** The window's wall-clock length. */
  seconds: number;
}

/** Starts a window; the returned function ends it and says what each party spent. */
export const cpuWindow = (serverPid: number): (() => CpuSpent) => {
  const a = snapshot(serverPid);
  const t0 = performance.now();
  return () => {
    const b = snapshot(serverPid);
    const seconds = Math.max((performance.now() - t0) / 1000, 1e-3);
    const ms = (k: keyof CpuMs) => (b[k] - a[k]) * MS_PER_TICK;
    return { ms: { server: ms('server'), postgres: ms('postgres'), load: ms('load') }, seconds };
  };
};

/** A party's share of one core over the window (1 = a whole core). */
export const shareOf = (s: CpuSpent, k: keyof CpuMs): number => s.ms[k] / 1000 / s.seconds;
