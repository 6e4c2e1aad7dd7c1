/** The ledger event consumer scenario of test/lifecycle, with events from the real network. */
import { ledgerEventsScenario } from '../lifecycle/support/ledger-events-scenario';
import { fabricBackend } from './fabric-backend';

ledgerEventsScenario(fabricBackend);
