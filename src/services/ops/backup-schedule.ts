/**
 * The server's own backup schedule: one backup a day at a local time (HH:MM), so a small town's
 * single server needs no cron or timer. Each run is independent: a failure is reported and the
 * next day's run still happens.
 */
export interface BackupSchedule {
  /** Stops the schedule; waits for a backup that is running (so never call it from inside `run`). */
  stop(): Promise<void>;
  /** When the next backup will run. */
  next(): Date;
}

/** The next moment at local time `hhmm` strictly after `after`. */
export function nextRun(after: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const at = new Date(after.getTime());
  at.setHours(h, m, 0, 0);
  if (at.getTime() <= after.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

export function scheduleBackups(options: {
  time: string;
  run: () => Promise<void>;
  onError: (err: unknown) => void;
  now?: () => Date;
}): BackupSchedule {
  const now = options.now ?? (() => new Date());
  let next = nextRun(now(), options.time);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    // Timers cannot wait longer than ~24.8 days; a day is far below that. Re-check on waking, so a
    // machine that slept or a clock that moved does not run the backup early.
    const wait = Math.max(0, next.getTime() - now().getTime());
    timer = setTimeout(fire, Math.min(wait, 60 * 60 * 1000));
    timer.unref();
  };
  const fire = () => {
    if (stopped) return;
    if (now().getTime() < next.getTime()) return arm();
    next = nextRun(now(), options.time);
    running = options
      .run()
      .catch(options.onError)
      .finally(() => {
        running = null;
      });
    arm();
  };
  arm();
  return {
    next: () => next,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
