// CPU time by process during a scenario, read from /proc (Linux; elsewhere it reports nothing):
// the product's own process (all its threads), its PostgreSQL (every process under it), this
// process (the load generator), and the rest of the machine (neighbours). On a small machine
// they share the same cores, so this says who the cores went to. CPU per request is the basis of
// the bench's cost: unlike throughput it does not fall when others take the cores, though it
// does rise somewhat when they are busy (caches shared and cold), hence the neighbours' share.
//
// Precision: /proc reports whole clock ticks (10 ms) per process, so a window's total is off by
// a few ticks at most (one per field of each process). The bench's windows hold seconds of CPU.
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
  ppid: number;
  /** utime + stime, in clock ticks: every thread of the process, ended ones included. */
  ticks: number;
  user: number;
  system: number;
  /** cutime + cstime: children that ended (a PostgreSQL backend whose connection closed). */
  ended: number;
  endedUser: number;
  endedSystem: number;
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
      const [user, system, endedUser, endedSystem] = [11, 12, 13, 14].map((i) => Number(f[i]));
      procs.set(Number(e), {
        ppid: Number(f[1]),
        ticks: (user ?? 0) + (system ?? 0),
        user: user ?? 0,
        system: system ?? 0,
        ended: (endedUser ?? 0) + (endedSystem ?? 0),
        endedUser: endedUser ?? 0,
        endedSystem: endedSystem ?? 0,
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return procs;
};

/** CPU milliseconds by party: the product process, every process under it (PostgreSQL), this process, everything else. */
export interface CpuMs {
  server: number;
  postgres: number;
  load: number;
  others: number;
}

/** Ticks used so far by the server process, its descendants (PostgreSQL), this process, and the machine. */
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
  const server = procs.get(serverPid)?.ticks ?? 0;
  const load = procs.get(process.pid)?.ticks ?? 0;
  return { server, postgres, load, others: machineCpu().busy / MS_PER_TICK - server - postgres - load };
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
    return { ms: { server: ms('server'), postgres: ms('postgres'), load: ms('load'), others: Math.max(0, ms('others')) }, seconds };
  };
};

/** A party's share of one core over the window (1 = a whole core). */
export const shareOf = (s: CpuSpent, k: keyof CpuMs): number => s.ms[k] / 1000 / s.seconds;

/** CPU ms so far, split into user and system time. */
export interface UserSystem {
  user: number;
  system: number;
}

/** Every process under root (root included), from a /proc listing. */
const treeOf = (procs: Map<number, Proc>, root: number): Set<number> => {
  const under = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!under.has(pid) && under.has(p.ppid)) {
        under.add(pid);
        grew = true;
      }
    }
  }
  return under;
};

/**
 * CPU used so far by this process alone, by the process trees under `others` (say, client
 * processes), and by everything else under this process (its PostgreSQL), ended children included.
 */
export const splitCpu = (others: readonly number[]): { self: UserSystem; others: UserSystem; rest: UserSystem } => {
  const procs = readProcs();
  const sum = (pids: Iterable<number>, withEnded: boolean): UserSystem => {
    let user = 0;
    let system = 0;
    for (const pid of pids) {
      const p = procs.get(pid);
      if (!p) continue;
      user += p.user + (withEnded ? p.endedUser : 0);
      system += p.system + (withEnded ? p.endedSystem : 0);
    }
    return { user: user * MS_PER_TICK, system: system * MS_PER_TICK };
  };
  const theirs = new Set(others.flatMap((pid) => [...treeOf(procs, pid)]));
  const rest = [...treeOf(procs, process.pid)].filter((pid) => pid !== process.pid && !theirs.has(pid));
  return { self: sum([process.pid], false), others: sum(theirs, true), rest: sum(rest, true) };
};

/**
 * The whole machine so far, in ms of CPU summed over its cores: busy (user, nice, system, irq,
 * softirq), of that softirq (on loopback, much of the receiving side of a send), and steal (a
 * virtual machine's cores taken by the host).
 */
export const machineCpu = (): { busy: number; softirq: number; steal: number } => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const at = (i: number) => f[i] ?? 0;
    return { busy: (at(0) + at(1) + at(2) + at(5) + at(6)) * MS_PER_TICK, softirq: at(6) * MS_PER_TICK, steal: at(7) * MS_PER_TICK };
  } catch {
    return { busy: 0, softirq: 0, steal: 0 };
  }
};

/** A thread of this process so far: ms on a CPU (user, system) and ms runnable but waiting for one. */
export const threadCpu = (tid: number): UserSystem & { waiting: number } => {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // schedstat: time on a CPU, time waiting on a run queue (ns), timeslices.
    const waitingNs = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    return { user: Number(f[11]) * MS_PER_TICK, system: Number(f[12]) * MS_PER_TICK, waiting: waitingNs / 1e6 };
  } catch {
    return { user: 0, system: 0, waiting: 0 };
  }
};
