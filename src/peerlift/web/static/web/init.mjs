// Progressive enhancement only: every page works without this. It marks the page as able to run
// GOV.UK Frontend's components and starts them (menus, error summary focus, notification banners).
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
