"""Every address of the web application. Pages (HTML + .json + downloads) come from the page
registry; forms and the few other views are listed here, each carrying its own permission rule."""

from django.urls import path

from peerlift.web import pages
from peerlift.web.views import (
    account,
    api,
    brokerage,
    brokerage_needs,
    brokerage_offers,
    careers,
    categories,
    comparator_sets,
    compare,
    datapacks,
    families,
    home,
    imports,
    networks,
    partners,
    schools,
    support,
    support_figures,  # issue 14, support-figures
    surveys,
    users,
)

urlpatterns = [
    path("sign-in", home.sign_in, name="login"),
    path("sign-out", home.sign_out, name="logout"),
    path("accessibility", home.accessibility, name="accessibility"),
    path("api", api.api, name="api"),
    path("api/openapi.json", api.openapi, name="openapi"),
    path("imports/upload", imports.upload, name="upload"),
    path("imports/confirm", imports.confirm, name="import-confirm"),
    path("schools/<int:urn>/record/notes", schools.add_note, name="add-note"),
    path("schools/<int:urn>/family/rebuild", families.rebuild, name="school-family-rebuild"),
    path("users/new", users.new_user, name="user-new"),
    path("users/<int:pk>", users.edit_user, name="user-edit"),
    path("users/<int:pk>/password", account.reset_password, name="user-password-reset"),
    path("account/password", account.change_password, name="password-change"),
    path("schools/<int:urn>/record/notes/<int:note>/edit", schools.edit_note, name="note-edit"),
    path("schools/<int:urn>/record/notes/<int:note>/delete", schools.delete_note, name="note-delete"),
    path("las/<int:la>/networks/new", networks.new_network, name="network-new"),
    path("networks/<int:pk>/rename", networks.rename_network, name="network-rename"),
    path("networks/<int:pk>/schools/add", networks.add_school, name="network-add-school"),
    path("networks/<int:pk>/schools/remove", networks.remove_school, name="network-remove-school"),
    # networks over time (issue 15): an activity recorded, the network report
    path("networks/<int:pk>/activities/add", networks.add_activity, name="network-add-activity"),
    path("networks/<int:pk>/report.<str:fmt>", networks.report_file, name="network-report"),
    path("networks/<int:pk>/describe", networks.describe_network, name="network-describe"),
    path("schools/<int:urn>/datapack/pack.<str:fmt>", datapacks.school_datapack_file, name="datapack-file"),
    path("las/<int:la>/datapacks/request", datapacks.request_la_datapacks, name="la-datapacks-request"),
    path("las/<int:la>/datapacks/<int:job>.zip", datapacks.la_datapacks_zip, name="la-datapacks-zip"),
    path("las/<int:la>/compare/chart.png", compare.compare_png, name="la-compare-png"),
    path("las/<int:la>/comparator-sets/new", comparator_sets.new_comparator_set, name="comparator-set-new"),
    path("comparator-sets/<int:pk>/edit", comparator_sets.edit_comparator_set, name="comparator-set-edit"),
    path(
        "comparator-sets/<int:pk>/delete", comparator_sets.delete_comparator_set, name="comparator-set-delete"
    ),
    path("las/<int:la>/categories/recompute", categories.recompute, name="categories-recompute"),
    path("las/<int:la>/brokerage/run", brokerage.run_brokerage, name="brokerage-run"),
    path("las/<int:la>/brokerage/rules", brokerage.set_rule, name="brokerage-rule"),
    # brokerage: taking a rule away, what-if runs (broker-evidence)
    path("las/<int:la>/brokerage/rules/remove", brokerage.remove_rule, name="brokerage-rule-remove"),
    path("las/<int:la>/brokerage/what-if", brokerage.what_if, name="brokerage-what-if"),
    path("las/<int:la>/brokerage/needs/propose", brokerage_needs.propose, name="brokerage-needs-propose"),
    path("las/<int:la>/brokerage/needs/decide", brokerage_needs.decide, name="brokerage-needs-decide"),
    path("las/<int:la>/brokerage/needs/add", brokerage_needs.add, name="brokerage-needs-add"),
    path("las/<int:la>/brokerage/needs/upload", brokerage_needs.upload, name="brokerage-needs-upload"),
    path("las/<int:la>/brokerage/offers/save", brokerage_offers.save, name="brokerage-offers-save"),
    path("las/<int:la>/brokerage/offers/offer", brokerage_offers.offer, name="brokerage-offers-offer"),
    path("las/<int:la>/brokerage/offers/confirm", brokerage_offers.confirm, name="brokerage-offers-confirm"),
    path("las/<int:la>/brokerage/offers/upload", brokerage_offers.upload, name="brokerage-offers-upload"),
    path(
        "las/<int:la>/brokerage/templates/<str:kind>.csv",
        brokerage_needs.template_file,
        name="brokerage-template",
    ),
    path("las/<int:la>/brokerage/runs/<int:run>/accept", brokerage.accept, name="brokerage-accept"),
    path("las/<int:la>/categories/runs/<int:run>/apply", categories.apply_run, name="category-run-apply"),
    path("schools/<int:urn>/category/override", categories.override, name="category-override"),
    path("schools/<int:urn>/concerns/add", categories.add_concern, name="concern-add"),
    path("schools/<int:urn>/concerns/<int:concern>/close", categories.close_concern, name="concern-close"),
    path("las/<int:la>/category-rules/upload", categories.upload_rules, name="category-rules-upload"),
    path("las/<int:la>/category-rules/confirm", categories.confirm_rules, name="category-rules-confirm"),
    path("las/<int:la>/partners/new", partners.new_partner, name="partner-new"),
    path("las/<int:la>/partners/<int:pk>/edit", partners.edit_partner, name="partner-edit"),
    path("las/<int:la>/partners/days", partners.set_days, name="partner-days"),
    path("las/<int:la>/partners/allocation/run", partners.run_allocation, name="allocation-run"),
    path("las/<int:la>/partners/allocation/pin", partners.pin, name="allocation-pin"),
    path("las/<int:la>/partners/allocation/accept", partners.accept, name="allocation-accept"),
    path("las/<int:la>/partners/allocation/unpin", partners.unpin, name="allocation-unpin"),
    path("las/<int:la>/governors/training/add", careers.add_training, name="governor-training-add"),
    # aspiration events entered by hand (broker-evidence, issue 15)
    path("las/<int:la>/aspirations/add", careers.add_event, name="aspiration-event-add"),
    path("templates/<str:kind>.csv", careers.template_file, name="template-file"),
    path("las/<int:la>/careers/summary.<str:fmt>", careers.careers_file, name="careers-file"),
    path("las/<int:la>/careers/results", careers.enter_gatsby, name="careers-enter"),
    # --- support figures (issue 14, support-figures) ---
    path("las/<int:la>/support/summary.<str:fmt>", support_figures.summary_file, name="support-summary-file"),
    path(
        "las/<int:la>/support/providers/<slug:provider>/audit.<str:fmt>",
        support_figures.provider_file,
        name="support-provider-file",
    ),
    # surveys (web/views/surveys.py)
    path("las/<int:la>/surveys/new", surveys.new_round, name="survey-round-new"),
    path("surveys/<int:pk>/template.csv", surveys.round_template, name="survey-round-template"),
    path("surveys/<int:pk>/schools/<int:urn>/answer", surveys.answer, name="survey-answer"),
    # a network lead answers their network's round (network-surveys)
    path("surveys/<int:pk>/network/answer", surveys.answer_network, name="survey-network-answer"),
    # support agreements (issue 14, support-web)
    path("las/<int:la>/support/new", support.create, name="support-new"),
    path("las/<int:la>/support/<int:pk>/advance", support.advance, name="support-advance"),
    path("las/<int:la>/support/<int:pk>/objectives/add", support.add_objective, name="support-objective"),
    path("las/<int:la>/support/<int:pk>/deliveries/add", support.record_delivery, name="support-delivery"),
    path("las/<int:la>/support/<int:pk>/reviews/add", support.record_review, name="support-review"),
    path("las/<int:la>/support/<int:pk>/pause", support.pause, name="support-pause"),
    path("las/<int:la>/support/<int:pk>/stop", support.stop, name="support-stop"),
    path("las/<int:la>/support/<int:pk>/reopen", support.reopen, name="support-reopen"),
    path("las/<int:la>/support/<int:pk>/terms", support.change_terms, name="support-terms"),
    # objectives changed or removed while the plan is open (issue 14, support-review)
    path(
        "las/<int:la>/support/<int:pk>/objectives/<int:objective>/change",
        support.change_objective,
        name="support-objective-change",
    ),
    path(
        "las/<int:la>/support/<int:pk>/objectives/<int:objective>/remove",
        support.remove_objective,
        name="support-objective-remove",
    ),
    *pages.urlpatterns(),
]

handler403 = "peerlift.web.views.home.forbidden"
handler404 = "peerlift.web.views.home.not_found"
handler500 = "peerlift.web.views.home.server_error"
