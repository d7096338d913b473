"""Survey pages: an LA's rounds (and making one), a round, its results (aggregates, with the
small-group rule), who has answered and every answer (the LA's staff), and a school's answers with the
form a head answers by. Thin shells around store.surveys, analysis.surveys and web/survey_changes.py
(every answer and round made here is audited)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from peerlift.analysis import questionnaire as questionnaires
from peerlift.analysis import surveys as analysis
from peerlift.domain import dates
from peerlift.reports.charts import survey_chart
from peerlift.store import access
from peerlift.store import surveys as store
from peerlift.store.models import SurveyRound
from peerlift.web import forms, permissions, survey_changes
from peerlift.web.models import Role
from peerlift.web.pages import Content, Output, Param, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404

BY_LABELS = {
    "phase": "Phase",
    "type": "Type of school",
    "category": "Category",
    "previous_grade": "Previous inspection grade",
    "network": "Network",
}
ROLE_WORDS = {"headteacher": "Headteacher", "governor": "Governor", "network_lead": "Network lead"}


def _round_or_404(pk: int) -> SurveyRound:
    found = store.round_or_none(pk)
    if found is None:
        raise Http404("There is no such survey round.")
    return found


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def _long_date(value: Any) -> str:
    return dates.long_date(value) if isinstance(value, dt.date) else ""


def _state(row: Row) -> str:
    """Open, not open yet or closed (today)."""
    return "open" if row["open"] else ("not open yet" if row["opens_on"] > dt.date.today() else "closed")


def _round_words(row: Row) -> str:
    state = _state(row)
    return (
        f"{row['questionnaire_title']} (version {row['version']}), asked of {row['schools']:,} schools "
        f"from {_long_date(row['opens_on'])} to {_long_date(row['closes_on'])}: {state}. "
        f"Answered so far: {row['answered']:,} of the {row['schools']:,} schools asked."
    )


# ---------------------------------------------------------------------------------------------
# An LA's rounds


def _rounds_content(request: HttpRequest, la: int, form: forms.SurveyRoundForm | None = None) -> Content:
    authority = authority_or_404(la)
    rows = store.rounds(la)
    table = Table(
        "rounds",
        "Survey rounds",
        [
            Column("title", "Round", link=lambda r: f"/surveys/{r['id']}"),
            Column("questionnaire_title", "Questionnaire"),
            Column("opens_on", "Opens"),
            Column("closes_on", "Closes"),
            Column("state", "Now"),
            Column("schools", "Schools asked", numeric=True, count=True),
            Column("answered", "Schools that answered", numeric=True, count=True),
        ],
        [{**r, "state": _state(r).capitalize()} for r in rows],
        empty=f"{authority['name']} has no survey round yet.",
    )
    may_make = permissions.allows(request, permissions.make_survey_round, la=la)
    form = form or forms.SurveyRoundForm(None, la=la)
    return Content(
        f"{authority['name']}: surveys",
        [table],
        context={
            "authority": authority,
            "may_make": may_make,
            "questionnaires": [
                {
                    "id": "questionnaire" if n == 0 else f"questionnaire-{q.id}-{q.version}",
                    "value": f"{q.id}:{q.version}",
                    "title": q.title,
                    "questions": len(q.questions),
                }
                for n, q in enumerate(questionnaires.questionnaires().values())
            ],
            "networks": form.fields["asked"].choices[1:],
            "opens_on": forms.date_parts(form, "opens_on", None),
            "closes_on": forms.date_parts(form, "closes_on", None),
        },
        data={"la": la, "rounds": rows},
    )


@page(
    "las/<int:la>/surveys",
    name="la-surveys",
    template="web/surveys.html",
    rule=permissions.survey_rounds,
    summary="An LA's survey rounds of heads, governors and network leads, with how many have answered",
)
def la_surveys(request: HttpRequest, output: Output, la: int) -> Content:
    return _rounds_content(request, la)


@permissions.rule(permissions.make_survey_round)
@require_POST
def new_round(request: HttpRequest, la: int) -> HttpResponse:
    """Make a round (audited as `create survey round`)."""
    authority_or_404(la)
    form = forms.SurveyRoundForm(request.POST, la=la)
    problem = None
    if form.is_valid():
        data = form.cleaned_data
        qid, version = data["questionnaire"].split(":")
        network = None if data["asked"] == "all" else int(data["asked"])
        urns = survey_changes.network_urns(network) if network is not None else None
        try:
            made = survey_changes.create_round(
                permissions.viewer(request).username,
                la,
                qid,
                data["title"],
                data["opens_on"],
                data["closes_on"],
                urns,
                int(version),
                network,
            )
        except store.RoundError as error:
            problem = str(error)
        else:
            messages.success(request, f"Made the round {made.title}.")
            return redirect("survey-round", pk=made.pk)
    errors = forms.errors_of(form) if problem is None else {"asked": problem[0].upper() + problem[1:]}
    extra = {"errors": errors, "values": request.POST, "error_summary": error_summary(errors)}
    extra.update(
        {
            "opens_on": forms.date_parts(form, "opens_on", None),
            "closes_on": forms.date_parts(form, "closes_on", None),
        }
    )
    return render_page(request, named("la-surveys"), extra, status=400, la=la)


# ---------------------------------------------------------------------------------------------
# A round


def _questions_table(asked: questionnaires.Questionnaire) -> Table:
    return Table(
        "questions",
        "The questions",
        [
            Column("number", "Question", numeric=True),
            Column("text", "What it asks"),
            Column("scale", "Answered"),
            Column("asked_of", "Asked of"),
        ],
        [
            {
                "number": n,
                "id": q.id,
                "text": q.text,
                "scale": q.scale.label,
                "asked_of": questionnaires.ONLY_FOR.get(q.only_for or "", "every school asked")
                + ("" if q.required else " (optional)"),
            }
            for n, q in enumerate(asked.questions, 1)
        ],
    )


@page(
    "surveys/<int:pk>",
    name="survey-round",
    template="web/survey_round.html",
    rule=permissions.survey_round,
    summary="A survey round: its questionnaire, dates and how many schools have answered",
)
def survey_round(request: HttpRequest, output: Output, pk: int) -> Content:
    found = _round_or_404(pk)
    row = store.round_row(found)
    viewer = permissions.viewer(request)
    own = viewer.urn if viewer.role is Role.HEADTEACHER and viewer.urn in store.asked(found) else None
    return Content(
        found.title,
        [_questions_table(store.questionnaire_of(found))],
        context={
            "round": row,
            "words": _round_words(row),
            "authority": authority_or_404(found.la_code),
            "own_urn": own,
            "network": {
                "name": survey_changes.network_name(found.network_id),
                "id": found.network_id,
                "may_see": permissions.allows(request, permissions.network, pk=found.network_id),
            }
            if found.network_id is not None
            else None,
            "own_network": viewer.role is Role.NETWORK_LEAD
            and permissions.allows(request, permissions.survey_network, pk=pk),
            "may_see_answers": permissions.allows(request, permissions.survey_responses, pk=pk),
        },
        data={"round": row},
    )


# ---------------------------------------------------------------------------------------------
# Results: aggregates only


def _by_param(request: HttpRequest) -> str | None:
    chosen = request.GET.get("by", "")
    return chosen if chosen in analysis.GROUPINGS else None


def summary_table(result: Row, name: str = "summary") -> Table:
    """Each rated question's answers, % favourable and average, beside the last round (the round's
    results page, and a network's page as `survey`)."""
    rated = [q for q in result["questions"] if q["scale"] != questionnaires.FREE_TEXT]
    numbers = {q["id"]: n for n, q in enumerate(result["questions"], 1)}
    previous = result["previous_round"]
    return Table(
        name,
        "Each question's answers" + (f", beside {previous['title']}" if previous else ""),
        [
            Column("number", "Question", numeric=True),
            Column("text", "What it asks"),
            Column("answers", "Answers", numeric=True, count=True),
            Column(
                "favourable_pct",
                "% favourable",
                numeric=True,
                text=lambda r: r["note"] or _pct(r["favourable_pct"]),
            ),
            Column(
                "mean",
                "Average score",
                numeric=True,
                text=lambda r: "" if r["mean"] is None else f"{r['mean']:.2f}",
            ),
            Column(
                "previous_pct",
                "% favourable last round",
                numeric=True,
                text=lambda r: r["previous_note"] or _pct(r["previous_pct"]),
            ),
            Column(
                "change_pts",
                "Change (percentage points)",
                numeric=True,
                text=lambda r: "" if r["change_pts"] is None else f"{r['change_pts']:+.1f}",
            ),
        ],
        [
            {
                "number": numbers[q["id"]],
                "text": q["text"],
                "answers": q["answers"],
                "favourable_pct": q["favourable_pct"],
                "mean": q["mean"],
                "note": q["note"],
                "previous_pct": (q.get("previous") or {}).get("favourable_pct"),
                "previous_note": f"fewer than {result['min_answers']} answers"
                if (q.get("previous") or {}).get("held_back")
                else "",
                "change_pts": q.get("change_pts"),
            }
            for q in rated
        ],
        empty="The questionnaire has no rated question.",
        notes=[
            "Favourable: strongly agree or agree, yes, or 3 or 4 on the 1 to 4 scale. "
            "A question or group with "
            f"fewer than {result['min_answers']} answers is not broken down, so that no head is identifiable."
        ],
    )


def _results_tables(result: Row, by: str | None) -> list[Table]:
    rated = [q for q in result["questions"] if q["scale"] != questionnaires.FREE_TEXT]
    numbers = {q["id"]: n for n, q in enumerate(result["questions"], 1)}
    summary = summary_table(result)
    options = Table(
        "options",
        "How each question was answered",
        [
            Column("number", "Question", numeric=True),
            Column("label", "Answer"),
            Column("count", "Answers", numeric=True, text=lambda r: r["note"] or f"{r['count']:,}"),
            Column("pct", "%", numeric=True, text=lambda r: "" if r["note"] else _pct(r["pct"])),
        ],
        [
            {
                "number": numbers[q["id"]],
                "label": o["label"],
                "count": None if q["held_back"] else o["count"],
                "pct": None if q["held_back"] else o["pct"],
                "note": q["note"],
            }
            for q in rated
            for o in (q["options"] if not q["held_back"] else [{"label": "", "count": None, "pct": None}])
        ],
        empty="The questionnaire has no rated question.",
    )
    tables = [summary, options]
    if by is not None:
        tables.append(
            Table(
                "groups",
                f"By {BY_LABELS[by].lower()}",
                [
                    Column("number", "Question", numeric=True),
                    Column("group", BY_LABELS[by]),
                    Column(
                        "answers", "Answers", numeric=True, text=lambda r: r["note"] or f"{r['answers']:,}"
                    ),
                    Column(
                        "favourable_pct",
                        "% favourable",
                        numeric=True,
                        text=lambda r: "" if r["note"] else _pct(r["favourable_pct"]),
                    ),
                    Column(
                        "mean",
                        "Average score",
                        numeric=True,
                        text=lambda r: "" if r["mean"] is None else f"{r['mean']:.2f}",
                    ),
                ],
                [
                    {
                        "number": numbers[q["id"]],
                        "group": g["group"],
                        "answers": g["answers"],
                        "favourable_pct": g.get("favourable_pct"),
                        "mean": g.get("mean"),
                        "note": g["note"],
                    }
                    for q in rated
                    for g in q.get("groups", [])
                ],
                empty="No school has answered yet.",
            )
        )
    tables.append(
        Table(
            "free-text",
            "Answers in their own words, grouped by the words they share",
            [
                Column("number", "Question", numeric=True),
                Column("text", "What it asks"),
                Column("term", "Shared word"),
                Column(
                    "answers",
                    "Answers using it",
                    numeric=True,
                    text=lambda r: r["note"] or f"{r['answers']:,}",
                ),
            ],
            [
                {"number": numbers[q["id"]], "text": q["text"], **row}
                for q in result["questions"]
                if q["scale"] == questionnaires.FREE_TEXT
                for row in _free_text_rows(q)
            ],
            empty="No answer in their own words shares a word with another yet.",
            notes=[
                "A grouping, not a verdict: answers are put with the word (not a common one such as "
                "'the' or 'our') that most of those not yet grouped use, and so on while two or "
                "more share one."
            ],
        )
    )
    return tables


NOT_GROUPED = "Not grouped (shares no word with another answer)"


def _free_text_rows(question: Row) -> list[Row]:
    """A free-text question's groups, then how many answers share no word, so that the rows add up to
    its answers (a grouping); held back whole under the small-group rule."""
    if question["held_back"]:
        return [{"term": "", "answers": None, "note": question["note"]}]
    grouped = question.get("free_text")
    if not grouped:
        return []
    rows = [{"term": g["term"], "answers": g["answers"], "note": ""} for g in grouped["groups"]]
    left = grouped["not_grouped"]
    count = left if isinstance(left, int) else len(left)
    return rows + ([{"term": NOT_GROUPED, "answers": count, "note": ""}] if count else [])


def results_chart(result: Row) -> dict[str, str] | None:
    """The % favourable of each rated question, this round beside the last (SVG as a data address)."""
    numbers = {q["id"]: n for n, q in enumerate(result["questions"], 1)}
    rows = []
    for q in result["questions"]:
        if q["scale"] == questionnaires.FREE_TEXT:
            continue
        if q.get("favourable_pct") is not None:
            rows.append(
                {
                    "question": f"Question {numbers[q['id']]}",
                    "round": "This round",
                    "pct": q["favourable_pct"],
                }
            )
        before = (q.get("previous") or {}).get("favourable_pct")
        if before is not None:
            rows.append({"question": f"Question {numbers[q['id']]}", "round": "Last round", "pct": before})
    if not rows:
        return None
    title = result["round"]["title"]
    svg = survey_chart(rows, f"% favourable: {title}")
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "alt": f"Bar chart of the % of favourable answers to each rated question of {title}"
        + (", beside the last round" if result["previous_round"] else "")
        + ". The figures are in the table below it.",
        "file": f"survey-{result['round']['id']}.svg",
    }


@page(
    "surveys/<int:pk>/results",
    name="survey-results",
    template="web/survey_results.html",
    rule=permissions.survey_round,
    summary="A survey round's results by question and group, beside the last round "
    "(groups of fewer than 5 answers held back)",
    params=(Param("by", "Break the results down by: phase, type, category, previous_grade or network"),),
)
def survey_results(request: HttpRequest, output: Output, pk: int) -> Content:
    found = _round_or_404(pk)
    by = _by_param(request)
    networks = survey_changes.network_names(found.la_code) if by == "network" else None
    result = store.results(found, by, networks)
    aggregate = analysis.aggregates_only(result)
    return Content(
        f"{found.title}: results",
        _results_tables(result, by),
        context={
            "round": result["round"],
            "authority": authority_or_404(found.la_code),
            "words": _round_words(result["round"]),
            "by": by,
            "by_choices": list(BY_LABELS.items()),
            "chart": results_chart(result) if output is Output.HTML else None,
            "may_see_answers": permissions.allows(request, permissions.survey_responses, pk=pk),
        },
        data={"results": aggregate},
    )


# ---------------------------------------------------------------------------------------------
# Who has answered, and every answer: the LA's staff


def _labels(asked: questionnaires.Questionnaire) -> dict[tuple[str, str], str]:
    return {(q.id, o.value): o.label for q in asked.questions for o in q.scale.options}


@page(
    "surveys/<int:pk>/responses",
    name="survey-responses",
    template="web/survey_responses.html",
    rule=permissions.survey_responses,
    summary="Who has answered a survey round, and every answer (individual answers)",
)
def survey_responses(request: HttpRequest, output: Output, pk: int) -> Content:
    found = _round_or_404(pk)
    asked = store.questionnaire_of(found)
    numbers = {q.id: n for n, q in enumerate(asked.questions, 1)}
    labels = _labels(asked)
    who = store.who_answered(found)
    names = {r["urn"]: r["name"] for r in who}
    schools = Table(
        "schools",
        "Who has answered",
        [
            Column("urn", "URN"),
            Column("name", "School", link=lambda r: f"/surveys/{pk}/schools/{r['urn']}"),
            Column("answered_words", "Answered"),
            Column("roles_words", "By"),
            Column("last_answer", "Last answer"),
        ],
        [
            {
                **r,
                "answered_words": "Yes" if r["answered"] else "Not yet",
                "roles_words": ", ".join(
                    ROLE_WORDS.get(x.strip(), x) for x in r["roles"].split(",") if x.strip()
                ),
            }
            for r in who
        ],
    )
    rows = [
        {
            **a,
            "name": names.get(a["urn"], ""),
            "number": numbers.get(a["question_id"]),
            "answer_words": labels.get((a["question_id"], a["answer"]), a["answer"]),
            "role_words": ROLE_WORDS.get(a["respondent_role"], a["respondent_role"]),
        }
        for a in store.answers(found)
    ]
    rows.sort(key=lambda r: (r["urn"], r["respondent_role"], r["number"] or 0))
    answers = Table(
        "answers",
        "Every answer",
        [
            Column("urn", "URN"),
            Column("name", "School"),
            Column("role_words", "Answered as"),
            Column("number", "Question", numeric=True),
            Column("answer_words", "Answer"),
            Column("answered_by", "Recorded by"),
            Column("answered_at", "When"),
        ],
        rows,
        empty="No school has answered yet.",
    )
    result = store.results(found)
    free = []
    for n, q in enumerate(result["questions"], 1):
        grouped = q.get("free_text")
        if not grouped:
            continue
        for g in grouped["groups"]:
            free += [{"number": n, "term": g["term"], "answer": t} for t in g["texts"]]
        free += [{"number": n, "term": "Not grouped", "answer": t} for t in grouped["not_grouped"]]
    free_text = Table(
        "free-text",
        "Answers in their own words, by question and the word they share",
        [
            Column("number", "Question", numeric=True),
            Column("term", "Shared word"),
            Column("answer", "Answer"),
        ],
        free,
        empty="No answer in their own words yet (or fewer than 5 to a question).",
    )
    row = store.round_row(found)
    return Content(
        f"{found.title}: who has answered",
        [schools, answers, free_text],
        context={"round": row, "words": _round_words(row), "authority": authority_or_404(found.la_code)},
        data={"round": row},
    )


@permissions.rule(permissions.survey_responses)
def round_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's own survey_answers template: a row per school asked and question, answers blank,
    the round's number filled in."""
    found = _round_or_404(pk)
    asked = store.questionnaire_of(found)
    role = asked.answered_by[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["urn", "respondent_role", "question_id", "answer", "round"])
    for urn in store.asked(found):
        writer.writerows([urn, role, q.id, "", found.pk] for q in asked.questions)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey_answers_round_{found.pk}.csv"'
    return response


# ---------------------------------------------------------------------------------------------
# A school's answers, and the form to answer


def _fields(
    questions: Any, numbers: dict[str, int], values: Any, form: forms.SurveyAnswerForm | None
) -> list[Row]:
    """The questions as the answer forms show them (web/_survey_questions.html)."""
    return [
        {
            "name": f"q_{q.id}",
            "number": numbers[q.id],
            "text": q.text,
            "free_text": q.scale.free_text,
            "required": q.required,
            "options": [
                {"value": o.value, "label": o.label, "id": f"q_{q.id}-{o.value}"} for o in q.scale.options
            ],
            "value": values.get(f"q_{q.id}", ""),
            "error": (form.errors.get(f"q_{q.id}") or [""])[0] if form is not None else "",
        }
        for q in questions
    ]


def _school_content(
    request: HttpRequest, pk: int, urn: int, form: forms.SurveyAnswerForm | None = None
) -> Content:
    found = _round_or_404(pk)
    if urn not in store.asked(found):
        raise Http404("That school was not asked in this round.")
    asked = store.questionnaire_of(found)
    questions = store.questions_for(found, urn)
    numbers = {q.id: n for n, q in enumerate(asked.questions, 1)}
    labels = _labels(asked)
    viewer = permissions.viewer(request)
    staff = viewer.superuser or viewer.role in (Role.ADMIN, Role.OFFICER)
    roles = asked.answered_by if staff else tuple(r for r in asked.answered_by if r != "network_lead")
    role = (
        (form.data.get("respondent_role") if form is not None else None) or request.GET.get("as") or roles[0]
    )
    role = role if role in roles else roles[0]
    current = store.school_answers(found, urn, role)
    rows = [
        {
            **a,
            "number": numbers.get(a["question_id"]),
            "answer_words": labels.get((a["question_id"], a["answer"]), a["answer"]),
            "role_words": ROLE_WORDS.get(a["respondent_role"], a["respondent_role"]),
        }
        for a in store.answers(found, urn)
    ]
    rows.sort(key=lambda r: (r["respondent_role"], r["number"] or 0))
    table = Table(
        "answers",
        "The school's answers",
        [
            Column("role_words", "Answered as"),
            Column("number", "Question", numeric=True),
            Column("answer_words", "Answer"),
            Column("answered_by", "Recorded by"),
            Column("answered_at", "When"),
        ],
        rows,
        empty="The school has not answered yet.",
    )
    open_now = store.is_open(found)
    values = form.data if form is not None else {f"q_{k}": v for k, v in current.items()}
    errors = forms.errors_of(form) if form is not None and form.errors else {}
    fields = _fields(questions, numbers, values, form)
    name = access.school_name(urn) or f"URN {urn}"
    return Content(
        f"{name}: {found.title}",
        [table],
        context={
            "round": store.round_row(found),
            "authority": authority_or_404(found.la_code),
            "urn": urn,
            "school": name,
            "fields": fields,
            "roles": [{"value": r, "label": ROLE_WORDS[r], "id": f"respondent_role-{r}"} for r in roles],
            "role": role,
            "may_answer": open_now or staff,
            "open_now": open_now,
            "errors": errors,
        },
        data={"round": found.pk, "urn": urn},
    )


@page(
    "surveys/<int:pk>/schools/<int:urn>",
    name="survey-school",
    template="web/survey_school.html",
    rule=permissions.survey_school,
    summary="A school's answers to a survey round (individual answers), and the form to answer",
    params=(Param("as", "Who answers: headteacher, governor or network_lead"),),
)
def survey_school(request: HttpRequest, output: Output, pk: int, urn: int) -> Content:
    return _school_content(request, pk, urn)


def _answer_errors(form: forms.SurveyAnswerForm) -> dict[str, str]:
    """The form's messages by field, a message about the whole form (a closed round) on the form."""
    errors = forms.errors_of(form)
    if "__all__" in errors:
        errors = {"answers": errors.pop("__all__"), **errors}
    return errors


@permissions.rule(permissions.survey_school)
@require_POST
def answer(request: HttpRequest, pk: int, urn: int) -> HttpResponse:
    """Record a school's answers (audited as `answer survey`)."""
    found = _round_or_404(pk)
    if urn not in store.asked(found):
        raise Http404("That school was not asked in this round.")
    viewer = permissions.viewer(request)
    staff = viewer.superuser or viewer.role in (Role.ADMIN, Role.OFFICER)
    asked = store.questionnaire_of(found)
    roles = asked.answered_by if staff else tuple(r for r in asked.answered_by if r != "network_lead")
    form = forms.SurveyAnswerForm(request.POST, questions=store.questions_for(found, urn), roles=roles)
    if not store.is_open(found) and not staff:
        form.is_valid()
        form.add_error(
            None, f"This round closed on {_long_date(found.closes_on)}; answers are no longer taken"
        )
    if not form.is_valid() or form.non_field_errors():
        errors = _answer_errors(form)
        content = _school_content(request, pk, urn, form)
        extra = {**content.context, "errors": errors, "error_summary": error_summary(errors)}
        return render_page(request, named("survey-school"), extra, status=400, pk=pk, urn=urn)
    role = form.cleaned_data.get("respondent_role") or roles[0]
    survey_changes.answer(viewer.username, found, urn, role, form.answers())
    messages.success(request, "Your answers are saved. You can change them until the round closes.")
    return redirect("survey-school", pk=pk, urn=urn)


# ---------------------------------------------------------------------------------------------
# A network lead answers their network's round (network-surveys): only their own answers are shown,
# kept as `network_lead` answers with the school of the network they lead it from


def _network_round_or_404(pk: int) -> SurveyRound:
    found = _round_or_404(pk)
    if found.network_id is None:
        raise Http404("This round is not a network's survey.")
    return found


def _lead_content(request: HttpRequest, pk: int, form: forms.NetworkLeadAnswerForm | None = None) -> Content:
    found = _network_round_or_404(pk)
    viewer = permissions.viewer(request)
    asked = store.questionnaire_of(found)
    numbers = {q.id: n for n, q in enumerate(asked.questions, 1)}
    labels = _labels(asked)
    questions = asked.asked_of(False)  # about the network, not one school's inspection
    chosen, mine = store.lead_answers(found, viewer.username)
    allowed = store.schools_for_lead(found, viewer.username)
    names = {u: access.school_name(u) or f"URN {u}" for u in allowed}
    rows = sorted(
        (
            {
                "number": numbers.get(q),
                "text": (asked.question(q) or asked.questions[0]).text,
                "answer": labels.get((q, a), a),
            }
            for q, a in mine.items()
        ),
        key=lambda r: r["number"] or 0,
    )
    table = Table(
        "answers",
        "Your answers",
        [
            Column("number", "Question", numeric=True),
            Column("text", "What it asks"),
            Column("answer", "Your answer"),
        ],
        rows,
        empty="You have not answered yet.",
    )
    values = form.data if form is not None else {f"q_{k}": v for k, v in mine.items()}
    picked = (form.data.get("urn") if form is not None else None) or (str(chosen) if chosen else "")
    network = survey_changes.network_name(found.network_id) if found.network_id is not None else ""
    return Content(
        f"{network}: your answers as its lead",
        [table],
        context={
            "round": store.round_row(found),
            "authority": authority_or_404(found.la_code),
            "network": network,
            "answered_from": names.get(chosen) if chosen is not None else None,
            "schools": [
                {"urn": u, "name": n, "id": f"urn-{u}", "checked": str(u) == picked} for u, n in names.items()
            ],
            "chosen": chosen,
            "fields": _fields(questions, numbers, values, form),
            "open_now": store.is_open(found),
            "errors": forms.errors_of(form) if form is not None and form.errors else {},
        },
        data={"round": found.pk, "network": found.network_id, "answers": mine},
    )


@page(
    "surveys/<int:pk>/network",
    name="survey-network",
    template="web/survey_network.html",
    rule=permissions.survey_network,
    summary="A network lead's own answers to their network's survey round, and the form to answer",
)
def survey_network(request: HttpRequest, output: Output, pk: int) -> Content:
    return _lead_content(request, pk)


@permissions.rule(permissions.survey_network)
@require_POST
def answer_network(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a network lead's answers (audited as `answer survey`, role `network_lead`)."""
    found = _network_round_or_404(pk)
    viewer = permissions.viewer(request)
    asked = store.questionnaire_of(found)
    allowed = store.schools_for_lead(found, viewer.username)
    form = forms.NetworkLeadAnswerForm(
        request.POST,
        questions=asked.asked_of(False),
        schools={u: access.school_name(u) or f"URN {u}" for u in allowed},
    )
    if not store.is_open(found):
        form.is_valid()
        form.add_error(
            None, f"This round closed on {_long_date(found.closes_on)}; answers are no longer taken"
        )
    if form.is_valid() and not form.non_field_errors():
        try:
            survey_changes.answer_as_lead(viewer.username, found, form.cleaned_data["urn"], form.answers())
        except survey_changes.LeadError as error:
            form.add_error("urn", str(error)[0].upper() + str(error)[1:])
        else:
            messages.success(request, "Your answers are saved. You can change them until the round closes.")
            return redirect("survey-network", pk=pk)
    errors = _answer_errors(form)
    content = _lead_content(request, pk, form)
    extra = {**content.context, "errors": errors, "error_summary": error_summary(errors)}
    return render_page(request, named("survey-network"), extra, status=400, pk=pk)
