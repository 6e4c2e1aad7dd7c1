/** Where the launcher reports progress: one human-readable line per call (pino's `info` fits). */
export type ServiceLog = (message: string) => void;

export const silentLog: ServiceLog = () => {};
