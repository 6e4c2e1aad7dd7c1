/** The sign -> anchor -> ledger proof -> verifyPdf scenario on the embedded ledger; test/fabric runs it on Fabric. */
import { embeddedBackend } from '../lifecycle/support/ledger-backend';
import { signAndAnchorScenario } from './support/sign-anchor-scenario';

signAndAnchorScenario(embeddedBackend);
