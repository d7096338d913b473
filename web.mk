# Web application targets, included by the Makefile.
#   web-assets: GOV.UK Frontend's built CSS and JS copied from npm into the app's static folder (vendored
#               and committed, so `make run` needs no npm; rerun after upgrading). peerlift is not on
#               GOV.UK, so the GDS Transport font and the crown are left out (Arial is the fallback).
#   browsers:   what the browser tests need: Debian's chromium and axe-core from npm.
#   reports-system: what PDF reports need from Debian (Pango; pdftoppm for the tests).

GOVUK_DIST := node_modules/govuk-frontend/dist/govuk
WEB_STATIC := src/peerlift/web/static/govuk

.PHONY: web-assets browsers reports-system

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

web-assets: node_modules/.package-lock.json
	rm -rf $(WEB_STATIC) && mkdir -p $(WEB_STATIC)
	perl -pe 's/\@font-face\{[^}]*\}//g' $(GOVUK_DIST)/govuk-frontend.min.css > $(WEB_STATIC)/govuk-frontend.min.css
	cp $(GOVUK_DIST)/govuk-frontend.min.js $(WEB_STATIC)/
	cp node_modules/govuk-frontend/package.json $(WEB_STATIC)/VERSION.json

browsers: node_modules/.package-lock.json
	@test -x /usr/bin/chromium || { \
		command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium); }

# What the reports need from Debian: Pango for weasyprint's PDFs, poppler's pdftoppm for the tests that
# look at a rendered PDF page.
reports-system:
	@{ command -v pdftoppm >/dev/null && ldconfig -p | grep -q libpango-1.0; } || { \
		command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq poppler-utils libpango-1.0-0 libpangoft2-1.0-0); }
