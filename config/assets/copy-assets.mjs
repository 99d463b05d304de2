// Copies the run-time files `npm run build` does not compile into the places Django serves or
// the browser tests read. Run from the repository root (npm scripts do).
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const govuk = "node_modules/govuk-frontend/dist/govuk";

mkdirSync("config/static/js", { recursive: true });
// The source map too: the manifest storage of collectstatic fails on a sourceMappingURL
// comment whose file is missing.
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(join(govuk, name), join("config/static/js", name));
}

// Every image GOV.UK Frontend ships (favicons, app icons, the crest) carries the crown, which
// only GOV.UK may use, and we use Arial, so neither images, the manifest that lists them, nor
// fonts are copied. Anything unbranded a later release adds under images/ is copied.
const branded = /^(favicon|govuk-)/;
const imagesOut = "config/static/govuk/assets/images";
rmSync("config/static/govuk/assets", { recursive: true, force: true });
for (const name of readdirSync(join(govuk, "assets/images"))) {
  if (branded.test(name)) continue;
  mkdirSync(imagesOut, { recursive: true });
  cpSync(join(govuk, "assets/images", name), join(imagesOut, name));
}

// Only the browser tests load axe; it is never served.
cpSync("node_modules/axe-core/axe.min.js", "tests/browser/axe.min.js");
