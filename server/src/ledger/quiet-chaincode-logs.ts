// fabric-contract-api logs each decorator at info level when it loads; the server has its own logger.
// Must be imported before the chaincode package (see chaincode-runtime.ts).
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
export {};
