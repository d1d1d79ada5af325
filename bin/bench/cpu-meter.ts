import { readFileSync } from 'node:fs';

/**
 * The CPU each process of the bench spends during a load run, and the machine's, from Linux's /proc:
 * on two shared cores, DynamoDB Local, local mode and the load generator take turns on the same CPUs,
 * and what one process takes per request is what the others cannot have.
 */

/** /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
const TICKS_PER_SECOND = 100;

export const CPU_ROLES = ['DynamoDB Local', 'local mode', 'load generator'] as const;
export type CpuRole = (typeof CPU_ROLES)[number];

/** CPU seconds over one interval. */
export interface CpuUse {
  readonly wallSeconds: number;
  readonly byRole: Readonly<Record<CpuRole, number>>;
  /** Every CPU of the machine busy (user, system, interrupts), whoever ran. */
  readonly machineBusy: number;
  /** Time the hypervisor gave this machine's CPUs to someone else. */
  readonly steal: number;
}

interface MachineTicks {
  readonly busy: number;
  readonly steal: number;
}

/**
 * The first line of /proc/stat: `cpu user nice system idle iowait irq softirq steal guest guest_nice`.
 * Guest time is already inside user and nice, so it is not added again.
 */
export function parseMachineTicks(procStat: string): MachineTicks {
  const line = procStat.split('\n', 1)[0];
  const [label, ...fields] = line.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  if (label !== 'cpu' || [user, nice, system, irq, softirq, steal].some((n) => !Number.isFinite(n)))
    throw new Error(`unexpected /proc/stat line: ${line}`);
  return { busy: user + nice + system + irq + softirq, steal };
}

/**
 * utime + stime of /proc/<pid>/stat. The command name (second field) is in parentheses and may hold
 * spaces or parentheses itself, so the fields are counted from the last `)`.
 */
export function parseProcessTicks(pidStat: string): number {
  const fields = pidStat.slice(pidStat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3 of the line, utime 14 and stime 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unexpected /proc/<pid>/stat');
  return utime + stime;
}

interface Snapshot {
  readonly at: bigint;
  readonly roles: Partial<Record<CpuRole, number>>;
  readonly machine: MachineTicks;
}

export interface CpuMeter {
  sample(): Snapshot;
  since(start: Snapshot): CpuUse;
}

/**
 * A meter over the processes `pids` names when asked (an emulator restarted has a new one), or
 * undefined where /proc is not there to read. A process gone between two samples counts as idle.
 */
export function cpuMeter(pids: () => Partial<Record<CpuRole, number>>): CpuMeter | undefined {
  const machine = (): MachineTicks | undefined => {
    try {
      return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
    } catch {
      return undefined;
    }
  };
  if (!machine()) return undefined;
  const processTicks = (pid: number): number | undefined => {
    try {
      return parseProcessTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const sample = (): Snapshot => {
    const roles: Partial<Record<CpuRole, number>> = {};
    const known = pids();
    for (const role of CPU_ROLES) {
      const pid = known[role];
      const ticks = pid === undefined ? undefined : processTicks(pid);
      if (ticks !== undefined) roles[role] = ticks;
    }
    return { at: process.hrtime.bigint(), roles, machine: machine() ?? { busy: 0, steal: 0 } };
  };
  return {
    sample,
    since(start) {
      const end = sample();
      const seconds = (ticks: number) => ticks / TICKS_PER_SECOND;
      const byRole = Object.fromEntries(
        CPU_ROLES.map((role) => {
          const [before, after] = [start.roles[role], end.roles[role]];
          return [role, before === undefined || after === undefined ? 0 : seconds(after - before)];
        }),
      ) as Record<CpuRole, number>;
      return {
        wallSeconds: Number(end.at - start.at) / 1e9,
        byRole,
        machineBusy: seconds(end.machine.busy - start.machine.busy),
        steal: seconds(end.machine.steal - start.machine.steal),
      };
    },
  };
}
