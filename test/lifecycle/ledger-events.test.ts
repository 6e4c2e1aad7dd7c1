/** The ledger event consumer scenario on the embedded ledger; test/fabric runs it on Fabric. */
import { embeddedBackend } from './support/ledger-backend';
import { ledgerEventsScenario } from './support/ledger-events-scenario';

ledgerEventsScenario(embeddedBackend);
