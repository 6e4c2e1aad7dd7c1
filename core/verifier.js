// `@eseal/core/verifier`: see src/verifier.ts.
module.exports = require('./dist/verifier');
