export * from './ports';
export * from './filing-job';
export * from './filing-processor';
