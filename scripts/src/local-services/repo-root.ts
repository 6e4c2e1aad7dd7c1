import path from 'node:path';

/** The repository root: this file sits at scripts/{src,dist}/local-services/, three levels down. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
