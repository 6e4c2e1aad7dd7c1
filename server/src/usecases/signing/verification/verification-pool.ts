import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SealError, type PdfLimits, type PdfVerificationReport, type SealTrust, type VerificationLedger } from '@eseal/core';
import { fromWireError, toWireError, type FromWorker, type ServiceMethod, type ServiceShape, type ToWorker } from './protocol';

export type VerifyOptions = { now: Date; limits?: Partial<PdfLimits> };

/** Verifies PDFs; the pool is one implementation, `verifyPdf` on the event loop the other. */
export interface DocumentVerifier {
  verify(pdf: Uint8Array, options: VerifyOptions): Promise<PdfVerificationReport>;
  close(): Promise<void>;
}

/** The little of a pino logger the pool uses. */
export interface PoolLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface VerificationPoolOptions {
  threads: number;
  /**
   * A thread with work that has not answered a heartbeat for this long is stuck (the PDF reader's own
   * time budget should have stopped it first): it is replaced, and the file it was reading fails
   * PDF_TOO_COMPLEX.
   */
  stuckAfterMs: number;
  /** A trust or ledger call not answered within this fails its task (LEDGER_UNAVAILABLE / DEPENDENCY_UNAVAILABLE). */
  callTimeoutMs: number;
  /** Tasks one thread holds at once (it interleaves them while they wait for the ledger). */
  maxTasksPerThread?: number;
  /** Tasks waiting for a thread; beyond it verify() answers DEPENDENCY_UNAVAILABLE (503, retry). */
  maxQueued?: number;
  /** Heap of each thread; a file that needs more ends its thread, not the server. */
  maxHeapMb?: number;
  logger?: PoolLogger;
  /**
   * Verification on the event loop, used once threads keep dying before doing any work (a broken
   * build, a heap too small to start): the service degrades, it does not stop verifying.
   */
  fallback: (pdf: Uint8Array, options: VerifyOptions) => Promise<PdfVerificationReport>;
  /** The thread's script; defaults to the build's verify-worker.js (tests wrap it to make threads misbehave). */
  workerFile?: string;
}

interface Task {
  id: number;
  pdf: Uint8Array;
  options: VerifyOptions;
  /** Set once the task was restarted after its thread died for a reason that could be this task's. */
  restarted: boolean;
  resolve(report: PdfVerificationReport): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  tasks: Map<number, Task>;
  /** The task whose file the thread is reading (its long synchronous part), if any. */
  reading?: number;
  /** When the unanswered heartbeat was sent; undefined when none is outstanding. */
  pingSentAt?: number;
  /** False once replaced: its late messages and exit are ignored. */
  current: boolean;
  /** True once its script loaded (it says so at start-up): only unproven deaths count towards falling back. */
  proven: boolean;
  spawnedAt: number;
  /** Event-loop busy time already counted when the thread was retired. */
  busyAtRetirement?: number;
}

const HEARTBEAT_MIN_MS = 20;
const QUICK_DEATHS_BEFORE_FALLBACK = 3;
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Verification off the event loop. Reading a PDF and checking its signatures is pure CPU; on the
 * event loop it would stall every other request while it runs, and one thread cannot use a second
 * core. Worker threads do that part; the event-loop thread answers their trust and ledger questions
 * (it owns the ledger and the CA's CRL cache) and keeps serving HTTP meanwhile.
 *
 * A task goes to the thread with the fewest in flight (at most maxTasksPerThread each; the rest wait
 * in a bounded queue). Threads parse certificates themselves with the X.509 parser (pure, and what
 * every production trust uses); chain and revocation verdicts come from `trust`.
 *
 * Failure handling: a heartbeat tells a stuck thread from a busy one, and the thread says which file
 * it is reading, so only that file fails (PDF_TOO_COMPLEX) and the others move to a fresh thread. A
 * thread that dies while reading nothing restarts its tasks once. Slow trust or ledger calls fail
 * their own task after callTimeoutMs and never look like a stuck thread.
 */
export class VerificationPool implements DocumentVerifier {
  readonly #threads: Thread[] = [];
  readonly #queue: Task[] = [];
  readonly #shape: ServiceShape;
  readonly #heartbeat: NodeJS.Timeout;
  #nextTask = 1;
  #closed = false;
  #quickDeaths = 0;
  #degraded = false;
  #retiredBusyMs = 0;

  constructor(
    private readonly services: { trust: SealTrust; ledger: VerificationLedger },
    private readonly options: VerificationPoolOptions,
  ) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('a verification pool needs at least one thread');
    this.#shape = {
      timeStamps: services.trust.verifyTimeStampToken !== undefined,
      batchRoots: services.ledger.findBatchRoot !== undefined,
    };
    for (let i = 0; i < options.threads; i++) this.#threads.push(this.#spawn());
    this.#heartbeat = setInterval(() => this.#checkHeartbeats(), Math.max(HEARTBEAT_MIN_MS, Math.floor(options.stuckAfterMs / 4)));
    this.#heartbeat.unref();
  }

  /** True once threads kept failing to start and verification runs on the event loop instead. */
  get degraded(): boolean {
    return this.#degraded;
  }

  /** Event-loop busy time of every thread the pool has run, in ms (for benchmarks and metrics). */
  busyMs(): number {
    return this.#threads.reduce((sum, t) => sum + t.worker.performance.eventLoopUtilization().active, this.#retiredBusyMs);
  }

  verify(pdf: Uint8Array, options: VerifyOptions): Promise<PdfVerificationReport> {
    if (this.#closed) return Promise.reject(new SealError('DEPENDENCY_UNAVAILABLE', 'the verification pool is closed'));
    if (this.#degraded) return this.options.fallback(pdf, options);
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.#nextTask++, pdf, options, restarted: false, resolve, reject };
      if (this.#assign(task)) return;
      if (this.#queue.length >= (this.options.maxQueued ?? 1000)) {
        reject(new SealError('DEPENDENCY_UNAVAILABLE', 'verification is at capacity; retry shortly', { details: { retry: true } }));
        return;
      }
      this.#queue.push(task);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    const closed = () => new SealError('DEPENDENCY_UNAVAILABLE', 'the verification pool closed before the document was verified');
    for (const task of this.#queue.splice(0)) task.reject(closed());
    const threads = this.#threads.splice(0);
    for (const thread of threads) {
      thread.current = false;
      for (const task of thread.tasks.values()) task.reject(closed());
      thread.tasks.clear();
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** Hands the task to the least loaded thread with room; false when every thread is full. */
  #assign(task: Task): boolean {
    const limit = this.options.maxTasksPerThread ?? 8;
    let thread: Thread | undefined;
    for (const t of this.#threads) if (t.tasks.size < limit && (thread === undefined || t.tasks.size < thread.tasks.size)) thread = t;
    if (thread === undefined) return false;
    thread.tasks.set(task.id, task);
    if (thread.tasks.size === 1) thread.worker.ref();
    // A copy the thread owns (transferred, not cloned again): the caller's bytes may share memory with
    // other buffers, and a Buffer's slice() would be a view, not a copy.
    const pdf = new Uint8Array(task.pdf);
    const message: ToWorker = {
      kind: 'verify',
      task: task.id,
      pdf,
      now: task.options.now.getTime(),
      limits: task.options.limits,
      shape: this.#shape,
    };
    thread.worker.postMessage(message, [pdf.buffer]);
    return true;
  }

  /** Queued tasks take the room a finished or moved task left. */
  #drain(): void {
    if (this.#degraded) {
      for (const task of this.#queue.splice(0)) this.options.fallback(task.pdf, task.options).then(task.resolve, task.reject);
      return;
    }
    while (this.#queue.length > 0 && this.#assign(this.#queue[0]!)) this.#queue.shift();
  }

  #spawn(): Thread {
    const worker = new Worker(this.options.workerFile ?? verifyWorkerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    const thread: Thread = { worker, tasks: new Map(), current: true, proven: false, spawnedAt: Date.now() };
    worker.on('message', (message: FromWorker) => {
      if (thread.current) this.#receive(thread, message);
    });
    worker.on('error', (error) => {
      if (thread.current)
        this.options.logger?.error({ err: error, reading: thread.reading, tasks: thread.tasks.size }, 'a verification thread failed');
    });
    worker.on('exit', (exitCode) => {
      if (thread.current) this.#replace(thread, 'died', exitCode);
    });
    // Idle threads do not keep the process alive; a thread with tasks does (see #assign).
    worker.unref();
    return thread;
  }

  #receive(thread: Thread, message: FromWorker): void {
    switch (message.kind) {
      case 'call':
        this.#answer(thread, message.call, message.method, message.args);
        return;
      case 'pong':
        thread.pingSentAt = undefined;
        this.#proven(thread);
        return;
      case 'reading':
        thread.reading = message.task ?? undefined;
        return;
      case 'done': {
        const task = thread.tasks.get(message.task);
        if (task === undefined) return;
        this.#proven(thread);
        this.#finish(thread, task);
        if (message.ok) task.resolve(message.report);
        else task.reject(fromWireError(message.error));
      }
    }
  }

  #proven(thread: Thread): void {
    thread.proven = true;
    this.#quickDeaths = 0;
  }

  #finish(thread: Thread, task: Task): void {
    thread.tasks.delete(task.id);
    if (thread.tasks.size === 0) {
      thread.worker.unref();
      thread.pingSentAt = undefined;
    }
    this.#drain();
  }

  /** Pings every thread with work; one whose last ping went unanswered for stuckAfterMs is replaced. */
  #checkHeartbeats(): void {
    const now = Date.now();
    for (const thread of [...this.#threads]) {
      if (!thread.proven) {
        // Loading its script is not being stuck; never finishing loading is failing to start.
        if (now - thread.spawnedAt > Math.max(STARTUP_TIMEOUT_MS, this.options.stuckAfterMs)) this.#replace(thread, 'died');
        continue;
      }
      if (thread.tasks.size === 0) continue;
      if (thread.pingSentAt === undefined) {
        thread.pingSentAt = now;
        thread.worker.postMessage({ kind: 'ping' } satisfies ToWorker);
      } else if (now - thread.pingSentAt > this.options.stuckAfterMs) {
        this.#replace(thread, 'stuck');
      }
    }
  }

  /**
   * The thread is stuck or dead: a fresh one takes its place. The file it was reading fails; the
   * others move on untouched. If it was reading none, any of them may be the cause: each restarts
   * once, and fails if it is in flight when a thread dies again.
   */
  #replace(thread: Thread, why: 'stuck' | 'died', exitCode?: number): void {
    thread.current = false;
    this.#retiredBusyMs += thread.worker.performance.eventLoopUtilization().active;
    void thread.worker.terminate();
    if (!thread.proven) this.#quickDeaths++;
    const index = this.#threads.indexOf(thread);
    if (this.#quickDeaths >= QUICK_DEATHS_BEFORE_FALLBACK && !this.#degraded) {
      this.#degraded = true;
      this.options.logger?.error(
        { exitCode },
        'verification threads keep dying before doing any work: verifying on the event loop from now on',
      );
    }
    if (index >= 0) {
      if (this.#closed || this.#degraded) this.#threads.splice(index, 1);
      else this.#threads[index] = this.#spawn();
    }
    const culprit = thread.reading;
    const moved: Task[] = [];
    for (const task of thread.tasks.values()) {
      if (task.id === culprit) {
        task.reject(
          why === 'stuck'
            ? new SealError('PDF_TOO_COMPLEX', `the document could not be read within ${this.options.stuckAfterMs} ms`, {
                details: { timeoutMs: this.options.stuckAfterMs },
              })
            : new SealError('PDF_TOO_COMPLEX', 'the verification thread ended while reading this document'),
        );
      } else if (culprit !== undefined || !thread.proven) {
        moved.push(task); // not this task's doing: the culprit is known, or the thread never started
      } else if (task.restarted) {
        task.reject(new SealError('PDF_TOO_COMPLEX', 'the verification thread ended twice while this document was in it'));
      } else {
        task.restarted = true;
        moved.push(task);
      }
    }
    thread.tasks.clear();
    this.options.logger?.warn({ why, exitCode, culpritTask: culprit, movedTasks: moved.length }, 'a verification thread was replaced');
    this.#queue.unshift(...moved);
    this.#drain();
  }

  /** Answers a thread's trust or ledger call, or fails it after callTimeoutMs so the task ends. */
  #answer(thread: Thread, call: number, method: ServiceMethod, args: unknown[]): void {
    let answered = false;
    const reply = (message: ToWorker) => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      if (thread.current) thread.worker.postMessage(message);
    };
    const deadline = setTimeout(() => {
      const code = method === 'checkCertificate' || method === 'verifyTimeStampToken' ? 'DEPENDENCY_UNAVAILABLE' : 'LEDGER_UNAVAILABLE';
      const what = code === 'LEDGER_UNAVAILABLE' ? 'the ledger' : 'the certificate authority';
      reply({
        kind: 'reply',
        call,
        ok: false,
        error: toWireError(
          new SealError(code, `${what} did not answer within ${this.options.callTimeoutMs} ms`, {
            details: { timeoutMs: this.options.callTimeoutMs },
          }),
        ),
      });
    }, this.options.callTimeoutMs);
    deadline.unref();
    this.#invoke(method, args).then(
      (value) => reply({ kind: 'reply', call, ok: true, value }),
      (error: unknown) => reply({ kind: 'reply', call, ok: false, error: toWireError(error) }),
    );
  }

  async #invoke(method: ServiceMethod, args: unknown[]): Promise<unknown> {
    const { trust, ledger } = this.services;
    switch (method) {
      case 'checkCertificate':
        // Times cross threads as epoch milliseconds (see verify-worker.ts).
        return trust.checkCertificate(
          args[0] as Uint8Array,
          new Date(args[1] as number),
          args[2] as Parameters<SealTrust['checkCertificate']>[2],
        );
      case 'verifyTimeStampToken':
        if (!trust.verifyTimeStampToken) throw new SealError('INTERNAL', 'no time-stamp verifier is configured');
        return trust.verifyTimeStampToken(args[0] as Uint8Array);
      case 'findSeal':
        return ledger.findSeal(args[0] as string);
      case 'findSignature':
        return ledger.findSignature(args[0] as string);
      case 'findBatchRoot':
        if (!ledger.findBatchRoot) throw new SealError('INTERNAL', 'the ledger view has no batch lookup');
        return ledger.findBatchRoot(args[0] as string);
    }
  }
}

/**
 * The thread runs compiled JavaScript: next to this file in a build, and the build's copy when this
 * file is run from TypeScript sources (the tests): `npm run build` must have run.
 */
function verifyWorkerFile(): string {
  const beside = join(__dirname, 'verify-worker.js');
  if (existsSync(beside)) return beside;
  const built = resolve(__dirname, '../../../../dist/usecases/signing/verification/verify-worker.js');
  if (existsSync(built)) return built;
  throw new SealError('CONFIG_INVALID', 'the verification thread script is missing: run `npm run build` first');
}
