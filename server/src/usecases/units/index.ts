export * from './register-unit';
export * from './people';
export * from './unit-view';
export * from './list-units';
