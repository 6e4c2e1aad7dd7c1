// `@eseal/core/errors`: see errors.js.
export * from './dist/errors';
