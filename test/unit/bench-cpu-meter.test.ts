import { cpuMeter, parseMachineTicks, parseProcessTicks } from '../../bin/bench/cpu-meter';

describe("the bench's CPU meter", () => {
  it('counts busy ticks of /proc/stat without idle, iowait or guest time, and steal apart', () => {
    const stat = 'cpu  610009 4375 115129 524847 17034 7 11564 8495 300 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n';
    expect(parseMachineTicks(stat)).toEqual({ busy: 610009 + 4375 + 115129 + 7 + 11564, steal: 8495 });
  });

  it('refuses a /proc/stat it does not understand rather than count wrong', () => {
    expect(() => parseMachineTicks('intr 1 2 3')).toThrow(/unexpected/);
  });

  it("takes utime + stime after the process's name, even a name with spaces and parentheses", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = '4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 1 0 99 1000 10';
    expect(parseProcessTicks(line)).toBe(1234 + 56);
  });

  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux('measures the CPU a busy process really takes, and none for a process that is gone', () => {
    const meter = cpuMeter(() => ({ 'local mode': process.pid, 'DynamoDB Local': 2 ** 22 + 1 }));
    if (!meter) throw new Error('no meter on Linux');
    const start = meter.sample();
    const until = Date.now() + 300;
    let spin = 0;
    while (Date.now() < until) spin++;
    const use = meter.since(start);
    expect(spin).toBeGreaterThan(0);
    expect(use.wallSeconds).toBeGreaterThanOrEqual(0.29);
    // Ticks are 10 ms; a loaded machine may also take some of the 300 ms away from this process.
    expect(use.byRole['local mode']).toBeGreaterThan(0.1);
    expect(use.byRole['local mode']).toBeLessThanOrEqual(use.wallSeconds + 0.02);
    expect(use.byRole['DynamoDB Local']).toBe(0);
    expect(use.byRole['load generator']).toBe(0);
    expect(use.machineBusy).toBeGreaterThanOrEqual(use.byRole['local mode'] - 0.02);
  });
});
