// fabric-contract-api logs every decorator at info level when loaded; must run before it is imported.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
