export * from './http-time-stamp-authority';
