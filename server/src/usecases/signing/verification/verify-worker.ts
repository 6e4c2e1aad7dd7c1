import { parentPort } from 'node:worker_threads';
import { verifyPdf, x509CertificateView, type SealTrust, type TimeStampTrustResult, type VerificationLedger } from '@eseal/core';
import { cachedCertificateParser } from '../adapters/certificate-parse-cache';
import { fromWireError, toWireError, type FromWorker, type ServiceMethod, type ServiceShape, type ToWorker } from './protocol';

/**
 * A verification thread: reads the PDF, decodes the containers and runs the cryptography here, off
 * the event loop. Trust verdicts (CRLs) and ledger reads are asked of the event-loop thread, which
 * owns the ledger connection and the CA, so every thread answers from the same current state.
 */
const port = parentPort;
if (port === null) throw new Error('verify-worker runs as a worker thread of the verification pool');

let nextCall = 1;
const pendingCalls = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

function callService<T>(method: ServiceMethod, ...args: unknown[]): Promise<T> {
  const call = nextCall++;
  return new Promise<T>((resolve, reject) => {
    pendingCalls.set(call, { resolve: resolve as (value: unknown) => void, reject });
    port!.postMessage({ kind: 'call', call, method, args } satisfies FromWorker);
  });
}

// Parsing is pure: done here, with the same bounded cache the event-loop trust uses.
const parseCertificate = cachedCertificateParser(x509CertificateView);

/** The trust and ledger as the event-loop thread has them: optional methods only where it has them. */
const servicesByShape = new Map<string, { trust: SealTrust; ledger: VerificationLedger }>();

function servicesFor(shape: ServiceShape): { trust: SealTrust; ledger: VerificationLedger } {
  const key = `${shape.timeStamps}:${shape.batchRoots}`;
  let services = servicesByShape.get(key);
  if (services === undefined) {
    const trust: SealTrust = {
      parseCertificate,
      // Times cross as epoch milliseconds: a Date made by structured clone belongs to no particular realm.
      checkCertificate: (der, at, role) => callService('checkCertificate', der, at.getTime(), role),
      ...(shape.timeStamps
        ? { verifyTimeStampToken: (token: Uint8Array) => callService<TimeStampTrustResult>('verifyTimeStampToken', token) }
        : {}),
    };
    const ledger: VerificationLedger = {
      findSeal: (sealCode) => callService('findSeal', sealCode),
      findSignature: (signatureSm3) => callService('findSignature', signatureSm3),
      ...(shape.batchRoots ? { findBatchRoot: (batchId: string) => callService<string | undefined>('findBatchRoot', batchId) } : {}),
    };
    services = { trust, ledger };
    servicesByShape.set(key, services);
  }
  return services;
}

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'ping':
      // Answered only when this thread's event loop is free: a missing answer means it is stuck.
      port.postMessage({ kind: 'pong' } satisfies FromWorker);
      return;
    case 'reply': {
      const pending = pendingCalls.get(message.call);
      if (pending === undefined) return;
      pendingCalls.delete(message.call);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(fromWireError(message.error));
      return;
    }
    case 'verify':
      verify(message);
  }
});

function verify({ task, pdf, now, limits, shape }: Extract<ToWorker, { kind: 'verify' }>): void {
  // Reading the file happens before verifyPdf's first await; the pool blames this task if the thread
  // stops answering while it is announced as reading.
  port!.postMessage({ kind: 'reading', task } satisfies FromWorker);
  let result: Promise<unknown>;
  try {
    result = verifyPdf(pdf, { ...servicesFor(shape), now: new Date(now), limits });
  } finally {
    port!.postMessage({ kind: 'reading', task: null } satisfies FromWorker);
  }
  result.then(
    (report) => port!.postMessage({ kind: 'done', task, ok: true, report } as FromWorker),
    (error: unknown) => port!.postMessage({ kind: 'done', task, ok: false, error: toWireError(error) } satisfies FromWorker),
  );
}

// Start-up is done: the pool counts a thread that dies before this as one that cannot start.
port.postMessage({ kind: 'pong' } satisfies FromWorker);
