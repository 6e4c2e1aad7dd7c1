export * from './imprint-spec';
export * from './imprint-font';
export * from './imprint-digest';
export * from './png-header';
export * from './render-imprint';
