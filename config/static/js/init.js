// The only script the pages load (as type="module": no inline script, so the CSP needs no
// nonce beyond base.html's js-enabled class switch). Every page also works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
