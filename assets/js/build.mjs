// Copies the GOV.UK Frontend script, our own scripts and our icons into dist/.
//
// The server serves dist/ at /assets/ and treats `?v=<first 8 hex digits of the
// file's SHA-256>` as a permanent URL (crates/web/src/assets.rs), so init.js imports
// govuk-frontend.min.js by that same URL and the browser can cache both for a year.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
mkdirSync(dist, { recursive: true });

const hash8 = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 8);

// The sourceMappingURL comment points at a map we do not ship: drop it so browsers'
// developer tools do not ask for it.
const govuk = readFileSync(
  join(root, "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"),
  "utf8",
).replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
writeFileSync(join(dist, "govuk-frontend.min.js"), govuk);

const init = readFileSync(join(root, "js/init.js"), "utf8").replaceAll(
  "__GOVUK_FRONTEND__",
  `./govuk-frontend.min.js?v=${hash8(govuk)}`,
);
writeFileSync(join(dist, "init.js"), init);

// Our own icons (no crown: the GOV.UK ones are for GOV.UK only).
for (const name of readdirSync(join(root, "images"))) {
  copyFileSync(join(root, "images", name), join(dist, name));
}
