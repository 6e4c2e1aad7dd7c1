import { anchorBench } from './anchor';
import { anchorScaleBench } from './anchor-scale';
import { apiBench } from './api';
import { bundleBench } from './bundle';
import { certificateBench } from './certificate';
import { cliBench } from './cli';
import { cryptoBench } from './crypto';
import { fabricBench } from './fabric';
import { ofdBench } from './ofd';
import { pdfBench } from './pdf';
import { pdfRepairBench } from './pdf-repair';
import { portalBench } from './portal';
import { relayBench } from './relay';
import { lookupBench } from './lookup';
import type { BenchModule } from './result';
import { timestampBench } from './timestamp';
import { verifyBulkBench } from './verify-bulk';

/**
 * Every benchmark `npm run bench` runs, in order. Modules measure in-process and report ratios
 * against a baseline measured in the same run (see DESIGN.md, performance targets).
 */
export const BENCH_MODULES: readonly BenchModule[] = [cryptoBench, pdfBench, pdfRepairBench, ofdBench, anchorBench, anchorScaleBench, apiBench, fabricBench, cliBench, relayBench, bundleBench, timestampBench, certificateBench, lookupBench, portalBench, verifyBulkBench];
