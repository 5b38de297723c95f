// CPU time by process during a scenario, read from /proc (Linux; elsewhere it reports nothing):
// the product's own process (all its threads), its PostgreSQL (every process under it), and
// this process, the load generator. On a small machine they share the same cores, so this says
// who the cores went to.
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** cutime + cstime: children that ended (a PostgreSQL backend whose connection closed). */
  ended: number;
}

const TICKS_PER_SECOND = 100;

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

export interface CpuSplit {
  server: number;
  postgres: number;
  load: number;
}

/** Ticks used so far by the server process, its descendants (PostgreSQL), and this process. */
const snapshot = (serverPid: number): CpuSplit => {
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

/** Starts a window; the returned function gives each party's share of one core over it (1 = a whole core). */
export const cpuWindow = (serverPid: number): (() => CpuSplit) => {
  const a = snapshot(serverPid);
  const t0 = performance.now();
  return () => {
    const b = snapshot(serverPid);
    const seconds = Math.max((performance.now() - t0) / 1000, 1e-3);
    const share = (k: keyof CpuSplit) => (b[k] - a[k]) / TICKS_PER_SECOND / seconds;
    return { server: share('server'), postgres: share('postgres'), load: share('load') };
  };
};
