export * from './caller';
export * from './operations';
export * from './policy';
export * from './request-caller';
export * from './separation-of-duties';
