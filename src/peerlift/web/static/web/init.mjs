// Progressive enhancement only: every page works without this. It marks the page as able to run
// GOV.UK Frontend's components and starts them (menus, error summary focus, notification banners),
// and peerlift's own (suggest.mjs: school suggestions in the networks' add form).
import { initAll } from "../govuk/govuk-frontend.min.js";
import "./suggest.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
