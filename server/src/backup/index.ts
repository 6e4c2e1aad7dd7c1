export * from './manifest';
export * from './create-backup';
export * from './read-archive';
export * from './restore-backup';
export * from './verify-restored';
