import { cpus } from 'node:os';
import { CPU_ROLES, type CpuUse } from './cpu-meter';
import { fixed, integer, median, print, table } from './output';
import type { Measurement } from './throughput';

/** CPU milliseconds per request of one run, by process, and the machine's. */
interface PerRequest {
  readonly byRole: readonly number[];
  /** Busy time of the machine's CPUs that none of the bench's processes took. */
  readonly rest: number;
  readonly total: number;
  readonly coresBusy: number;
  readonly coresStolen: number;
}

function perRequest(cpu: CpuUse, requests: number): PerRequest {
  const ms = (seconds: number) => (seconds * 1000) / requests;
  const ours = CPU_ROLES.reduce((sum, role) => sum + cpu.byRole[role], 0);
  return {
    byRole: CPU_ROLES.map((role) => ms(cpu.byRole[role])),
    rest: ms(Math.max(0, cpu.machineBusy - ours)),
    total: ms(cpu.machineBusy),
    coresBusy: cpu.machineBusy / cpu.wallSeconds,
    coresStolen: cpu.steal / cpu.wallSeconds,
  };
}

/**
 * Where the CPU went per request in each target's runs at `connections`, each figure the median over
 * the rounds; then what the machine's cores would allow `name` and `reference` if CPU were their only
 * limit. Prints nothing where the runs carry no CPU figures (no /proc).
 */
export function printCpuPerRequest(
  rounds: readonly (readonly Measurement[])[],
  connections: number,
  bound: { readonly name: string; readonly reference: string },
): void {
  const runs = (name: string): PerRequest[] =>
    rounds.flatMap((round) =>
      round
        .filter((m) => m.target.name === name && m.connections === connections)
        .flatMap((m) => (m.cpu && m.result.requests > 0 ? [perRequest(m.cpu, m.result.requests)] : [])),
    );
  const [first = []] = rounds;
  const names = first.filter((m) => m.connections === connections).map((m) => m.target.name);
  const rows = names.map((name) => ({ name, runs: runs(name) })).filter((row) => row.runs.length > 0);
  if (rows.length === 0) return;
  const middle = (values: readonly PerRequest[], pick: (p: PerRequest) => number) => median(values.map(pick));
  print(
    `  CPU per request at ${connections} connections, ms of one core (from /proc, 10 ms ticks; the median`,
  );
  print('  of the runs counted, each figure on its own):');
  table(
    [
      { title: 'target' },
      { title: 'runs' },
      ...CPU_ROLES.map((role) => ({ title: role })),
      { title: 'rest of machine' },
      { title: 'total' },
      { title: 'cores busy' },
      { title: 'stolen' },
    ],
    rows.map(({ name, runs }) => {
      const cell = (pick: (p: PerRequest) => number) => fixed(middle(runs, pick), 2);
      return [
        name,
        String(runs.length),
        ...CPU_ROLES.map((_, i) => cell((p) => p.byRole[i])),
        cell((p) => p.rest),
        cell((p) => p.total),
        cell((p) => p.coresBusy),
        cell((p) => p.coresStolen),
      ];
    }),
  );
  const totalOf = (name: string) => {
    const row = rows.find((r) => r.name === name);
    return row ? middle(row.runs, (p) => p.total) : undefined;
  };
  const [mine, theirs] = [totalOf(bound.name), totalOf(bound.reference)];
  const cores = cpus().length;
  print('  "rest of machine": busy CPU no process of the bench took (the other emulator, the kernel, other');
  print('  tenants); "stolen": CPU the hypervisor gave to other machines, in cores.');
  if (mine && theirs) {
    print(
      `  With CPU the only limit, ${cores} cores would serve ${bound.reference} at ` +
        `${integer((cores * 1000) / theirs)}/s`,
    );
    print(`  and ${bound.name} at ${integer((cores * 1000) / mine)}/s: ${fixed(theirs / mine, 2)}× of it.`);
  }
}
