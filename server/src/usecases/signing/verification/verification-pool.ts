import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SealError, type PdfLimits, type PdfVerificationReport, type SealTrust, type VerificationLedger } from '@eseal/core';
import { fromWireError, toWireError, type FromWorker, type ServiceMethod, type ServiceShape, type ToWorker } from './protocol';

/** Verifies PDFs; the pool is one implementation, `verifyPdf` on the event loop the other. */
export interface DocumentVerifier {
  verify(pdf: Uint8Array, options: { now: Date; limits?: Partial<PdfLimits> }): Promise<PdfVerificationReport>;
  close(): Promise<void>;
}

export interface VerificationPoolOptions {
  threads: number;
  /**
   * A task not answered within this is taken as a thread stuck on a hostile file (the PDF reader's
   * own time budget should have ended it first): the thread is replaced and the task fails PDF_TOO_COMPLEX.
   */
  taskTimeoutMs: number;
  /** Heap of each thread; a file that needs more ends its thread, not the server. */
  maxHeapMb?: number;
}

interface Task {
  id: number;
  pdf: Uint8Array;
  options: { now: Date; limits?: Partial<PdfLimits> };
  /** Set once the task has been restarted after its thread died under it: a second death fails it. */
  restarted: boolean;
  resolve(report: PdfVerificationReport): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  tasks: Map<number, Task>;
  /** Trust and ledger calls of this thread not yet answered: while any is open, the thread is waiting on us. */
  openCalls: number;
  /** False once replaced: its late messages and exit are ignored. */
  current: boolean;
}

/**
 * Verification off the event loop. Reading a PDF and checking its signatures is pure CPU; on the
 * event loop it would stall every other request while it runs, and one thread cannot use a second
 * core. Worker threads do that part; the event-loop thread answers their trust and ledger questions
 * (it owns the ledger and the CA's CRL cache) and keeps serving HTTP meanwhile.
 *
 * Each thread takes many tasks at once: while one waits for a ledger answer another computes. A task
 * goes to the thread with the fewest in flight. Threads parse certificates themselves with the X.509
 * parser (pure, and what every production trust uses); chain and revocation verdicts come from `trust`.
 */
export class VerificationPool implements DocumentVerifier {
  readonly #threads: Thread[] = [];
  #nextTask = 1;
  #closed = false;
  readonly #shape: ServiceShape;

  constructor(
    private readonly services: { trust: SealTrust; ledger: VerificationLedger },
    private readonly options: VerificationPoolOptions,
  ) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('a verification pool needs at least one thread');
    this.#shape = { timeStamps: services.trust.verifyTimeStampToken !== undefined, batchRoots: services.ledger.findBatchRoot !== undefined };
    for (let i = 0; i < options.threads; i++) this.#threads.push(this.#spawn());
  }

  verify(pdf: Uint8Array, options: { now: Date; limits?: Partial<PdfLimits> }): Promise<PdfVerificationReport> {
    if (this.#closed) return Promise.reject(new SealError('DEPENDENCY_UNAVAILABLE', 'the verification pool is closed'));
    return new Promise((resolve, reject) => {
      this.#dispatch({ id: this.#nextTask++, pdf, options, restarted: false, resolve, reject });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const threads = this.#threads.splice(0);
    for (const thread of threads) {
      thread.current = false;
      for (const task of thread.tasks.values()) this.#settle(thread, task, new SealError('DEPENDENCY_UNAVAILABLE', 'the verification pool closed before the document was verified'));
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  #dispatch(task: Task): void {
    const thread = this.#threads.reduce((least, t) => (t.tasks.size < least.tasks.size ? t : least));
    thread.tasks.set(task.id, task);
    if (thread.tasks.size === 1) thread.worker.ref();
    task.timer = setTimeout(() => this.#timedOut(thread, task), this.options.taskTimeoutMs);
    task.timer.unref();
    // A copy the thread owns (transferred, not cloned again): the caller's bytes may share memory with
    // other buffers, and a Buffer's slice() would be a view, not a copy.
    const pdf = new Uint8Array(task.pdf);
    const message: ToWorker = { kind: 'verify', task: task.id, pdf, now: task.options.now.getTime(), limits: task.options.limits, shape: this.#shape };
    thread.worker.postMessage(message, [pdf.buffer]);
  }

  #spawn(): Thread {
    const worker = new Worker(verifyWorkerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    const thread: Thread = { worker, tasks: new Map(), openCalls: 0, current: true };
    worker.on('message', (message: FromWorker) => {
      if (!thread.current) return;
      if (message.kind === 'call') {
        this.#answer(thread, message.call, message.method, message.args);
        return;
      }
      const task = thread.tasks.get(message.task);
      if (task === undefined) return;
      if (message.ok) this.#settle(thread, task, undefined, message.report);
      else this.#settle(thread, task, fromWireError(message.error));
    });
    // An uncaught error or running out of heap ends the thread; its tasks are restarted once elsewhere.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (thread.current) this.#replace(thread, undefined);
    });
    // Idle threads do not keep the process alive; a thread with tasks in flight does (see #dispatch).
    worker.unref();
    return thread;
  }

  /** The thread is stuck or dead: a fresh one takes its place, and its tasks are restarted or failed. */
  #replace(thread: Thread, stuckTask: Task | undefined): void {
    thread.current = false;
    void thread.worker.terminate();
    const index = this.#threads.indexOf(thread);
    if (index >= 0 && !this.#closed) this.#threads[index] = this.#spawn();
    for (const task of [...thread.tasks.values()]) {
      thread.tasks.delete(task.id);
      clearTimeout(task.timer);
      if (task === stuckTask) {
        task.reject(new SealError('PDF_TOO_COMPLEX', `the document could not be verified within ${this.options.taskTimeoutMs} ms`, { details: { timeoutMs: this.options.taskTimeoutMs } }));
      } else if (task.restarted || this.#closed) {
        task.reject(new SealError('PDF_TOO_COMPLEX', 'the verification thread ended twice while reading this document'));
      } else {
        task.restarted = true;
        this.#dispatch(task);
      }
    }
  }

  /**
   * A thread with a trust or ledger call open is waiting on a slow dependency, not stuck: only the
   * task fails (its late answer is dropped). A thread with none is stuck in computation and is replaced.
   */
  #timedOut(thread: Thread, task: Task): void {
    if (!thread.current || !thread.tasks.has(task.id)) return;
    if (thread.openCalls > 0) {
      this.#settle(thread, task, new SealError('LEDGER_UNAVAILABLE', `the ledger or the certificate authority did not answer within ${this.options.taskTimeoutMs} ms`, {
        details: { timeoutMs: this.options.taskTimeoutMs },
      }));
      return;
    }
    this.#replace(thread, task);
  }

  #settle(thread: Thread, task: Task, error?: Error, report?: PdfVerificationReport): void {
    thread.tasks.delete(task.id);
    if (thread.tasks.size === 0) thread.worker.unref();
    clearTimeout(task.timer);
    if (error) task.reject(error);
    else task.resolve(report!);
  }

  #answer(thread: Thread, call: number, method: ServiceMethod, args: unknown[]): void {
    thread.openCalls++;
    const reply = (message: ToWorker) => {
      thread.openCalls--;
      if (thread.current) thread.worker.postMessage(message);
    };
    this.#invoke(method, args).then(
      (value) => reply({ kind: 'reply', call, ok: true, value }),
      (error: unknown) => reply({ kind: 'reply', call, ok: false, error: toWireError(error) }),
    );
  }

  async #invoke(method: ServiceMethod, args: unknown[]): Promise<unknown> {
    const { trust, ledger } = this.services;
    switch (method) {
      case 'checkCertificate':
        return trust.checkCertificate(args[0] as Uint8Array, new Date(args[1] as number), args[2] as Parameters<SealTrust['checkCertificate']>[2]);
      case 'verifyTimeStampToken': {
        if (!trust.verifyTimeStampToken) throw new SealError('INTERNAL', 'no time-stamp verifier is configured');
        return trust.verifyTimeStampToken(args[0] as Uint8Array);
      }
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
