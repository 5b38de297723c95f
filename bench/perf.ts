// System call counts for the push benchmarks, from `perf stat` (optional: --perf).
import { spawn } from 'node:child_process';

/**
 * `perf stat` on this process from now until the returned function is called: the system calls a
 * fan-out makes, and context switches. Linux with perf installed; otherwise it says why not.
 */
export const perfStat = () => {
  const events = ['syscalls:sys_enter_sendto', 'syscalls:sys_enter_sendmsg', 'syscalls:sys_enter_write', 'syscalls:sys_enter_writev', 'syscalls:sys_enter_epoll_wait', 'syscalls:sys_enter_epoll_pwait', 'context-switches'];
  const p = spawn('perf', ['stat', '-x', ',', '-e', events.join(','), '-p', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<void>((resolve) => {
    p.once('close', () => resolve());
    p.once('error', (e) => {
      err += e.message;
      resolve();
    });
  });
  return async (): Promise<Map<string, number> | string> => {
    p.kill('SIGINT');
    await Promise.race([ended, new Promise((r) => setTimeout(r, 3000))]);
    const counts = new Map<string, number>();
    for (const line of err.split('\n')) {
      const [count, , event] = line.split(',');
      if (event && count && /^\d+$/.test(count)) counts.set(event.replace('syscalls:sys_enter_', ''), Number(count));
    }
    return counts.size > 0 ? counts : `perf gave nothing: ${err.trim().slice(0, 120)}`;
  };
};
