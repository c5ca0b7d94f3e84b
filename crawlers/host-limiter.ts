import { setTimeout as sleep } from 'node:timers/promises';

interface HostState {
  active: number;
  lastStart: number;
  delayMs: number;
  pausedUntil: number;
  /** Start decisions are taken one at a time per host, so delays space requests evenly. */
  gate: Promise<void>;
  slotWaiters: Array<() => void>;
}

export interface HostLimiter {
  /** Runs `task` when the host has a free slot and its delay since the previous start has passed. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Raises the host's delay between requests (robots.txt Crawl-delay). */
  setDelay(host: string, delayMs: number): void;
  /** Holds every request to the host for `ms` (Retry-After). */
  pause(host: string, ms: number): void;
}

/** Per-host politeness: at most `concurrency` requests in flight and `minDelayMs` between starts. */
export function createHostLimiter(opts: {
  concurrency: number;
  minDelayMs: number;
  signal?: AbortSignal;
}): HostLimiter {
  const hosts = new Map<string, HostState>();

  function state(host: string): HostState {
    let s = hosts.get(host);
    if (!s) {
      s = {
        active: 0,
        lastStart: 0,
        delayMs: opts.minDelayMs,
        pausedUntil: 0,
        gate: Promise.resolve(),
        slotWaiters: [],
      };
      hosts.set(host, s);
    }
    return s;
  }

  async function acquire(s: HostState): Promise<void> {
    const previous = s.gate;
    let open!: () => void;
    s.gate = new Promise<void>((resolve) => (open = resolve));
    await previous;
    try {
      for (;;) {
        if (s.active >= opts.concurrency) {
          await new Promise<void>((resolve) => s.slotWaiters.push(resolve));
          continue;
        }
        const wait = Math.max(s.lastStart + s.delayMs, s.pausedUntil) - Date.now();
        if (wait <= 0) break;
        await sleep(wait, undefined, { signal: opts.signal });
      }
      s.active++;
      s.lastStart = Date.now();
    } finally {
      open();
    }
  }

  function release(s: HostState): void {
    s.active--;
    s.slotWaiters.shift()?.();
  }

  return {
    async run(host, task) {
      const s = state(host);
      await acquire(s);
      try {
        return await task();
      } finally {
        release(s);
      }
    },
    setDelay(host, delayMs) {
      const s = state(host);
      s.delayMs = Math.max(opts.minDelayMs, delayMs);
    },
    pause(host, ms) {
      const s = state(host);
      s.pausedUntil = Math.max(s.pausedUntil, Date.now() + ms);
    },
  };
}
