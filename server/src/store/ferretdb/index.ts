export * from './unique-insert';
export * from './by-id';
export * from './write-limits';
export * from './grouped-inserts';
