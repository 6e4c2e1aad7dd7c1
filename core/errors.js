// `@eseal/core/errors`: the error codes and SealError alone, for entry points that load little (see src/verifier.ts).
module.exports = require('./dist/errors');
