// Progressive enhancement only: every page works without this file.
//
// Loaded as a module from base.html (the Content-Security-Policy allows no inline
// script), so it runs only in browsers that GOV.UK Frontend supports. The classes
// are the ones GOV.UK's page template sets with an inline script; the Design System's
// CSS and `initAll` look for them. js/build.mjs puts the cache-busted URL of
// govuk-frontend.min.js in place of the placeholder below.
import { initAll } from "./govuk-frontend.min.js?v=4e8b95d5";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
