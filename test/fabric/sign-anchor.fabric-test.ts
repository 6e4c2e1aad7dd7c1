/** The sign -> anchor -> ledger proof -> verifyPdf scenario of test/signing, with LEDGER=fabric. */
import { signAndAnchorScenario } from '../signing/support/sign-anchor-scenario';
import { fabricBackend } from './fabric-backend';

signAndAnchorScenario(fabricBackend);
