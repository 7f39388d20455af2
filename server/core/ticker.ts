import { outsideDeadline } from './deadline.js';

/**
 * Runs a task now and then, never twice at once. A call to `run()` during a run asks for one more
 * run after it: the run under way may have looked at the store before the change that asked.
 */
export class Ticker {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  /** `task` must not throw: it decides itself what a failure means (log it, leave a lease to lapse). */
  constructor(private readonly task: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    // Started from a command (an escalation opening kicks the steps), it is not bound by that command's deadline.
    this.running = outsideDeadline(async () => {
      do {
        this.again = false;
        await this.task();
      } while (this.again);
    }).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Runs every `everyMs` (the timer does not keep the process alive). */
  start(everyMs: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.run(), everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
