export * from './engraving-system';
export * from './filing-system';
export * from './upstream-http';
export * from './http-engraving-system';
export * from './http-filing-system';
