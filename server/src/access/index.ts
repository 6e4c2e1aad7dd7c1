export * from './caller';
export * from './operations';
export * from './policy';
export * from './request-caller';
