import { tooComplex } from './errors';

/** A wall-clock budget checked inside loops an attacker can lengthen, so no input can hang a worker. */
export class Budget {
  private readonly deadline: number;
  private ticks = 0;

  constructor(readonly maxMillis: number) {
    this.deadline = Date.now() + maxMillis;
  }

  /** Cheap to call often: reads the clock every 1024 ticks. */
  tick(): void {
    if ((++this.ticks & 1023) === 0 && Date.now() > this.deadline) {
      throw tooComplex('PDF processing exceeded its time budget', { maxMillis: this.maxMillis });
    }
  }
}
