import './quiet-chaincode-logs';
import * as chaincode from '@eseal/chaincode';

/**
 * The one place the server loads the chaincode package's code (types may be imported anywhere).
 * Loading fabric-contract-api installs process-wide handlers: a winston logger that catches uncaught
 * exceptions without exiting (exitOnError: false) and an unhandledRejection listener that only logs.
 * In the server that would turn crashes into silent zombie processes, so both are removed again here.
 */
export function releaseFabricProcessHandlers(): void {
  for (const listener of process.listeners('uncaughtException')) {
    if (listener.name === 'bound _uncaughtException') process.removeListener('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (listener.name === 'loggerUnhandledRejectionFn') process.removeListener('unhandledRejection', listener);
  }
}

releaseFabricProcessHandlers();

export { chaincode };
