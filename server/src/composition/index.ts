export * from './create-services';
export * from './outbox-sweep';
export * from './lifecycle-settings';
export * from './filing-queue';
export * from './certificate-authority';
export * from './maker-identity';
export * from './server-extension';
