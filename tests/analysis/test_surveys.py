"""Survey results on hand-made answers, every figure worked out on paper (in the comments), the
small-group rule included; the free-text grouping; questionnaire files' mistakes named by file, line
and key."""

from __future__ import annotations

import pytest

from peerlift.analysis import questionnaire, surveys

TOML = """\
id = "test_survey"
version = 1
title = "A test"
answered_by = ["headteacher"]

[[questions]]
id = "q1"
text = "The LA knows us."
scale = "agree4"

[[questions]]
id = "q2"
text = "Where will you go?"
scale = "free_text"
"""
ASKED = questionnaire.parse(TOML, "test.toml")
Q1 = [
    "strongly_agree",
    "strongly_agree",
    "agree",
    "agree",
    "agree",
    "disagree",
    "strongly_disagree",
    "agree",
    "agree",
    "disagree",
    "disagree",
    "strongly_agree",
]  # schools 1..12
PHASES = ["primary"] * 8 + ["secondary"] * 3 + ["special"]
TYPES = ["Academy"] * 6 + ["Community"] * 5 + ["Foundation"]
SCHOOLS = {
    n: {"phase": PHASES[n - 1], "type": TYPES[n - 1], "network": ["North"] if n <= 6 else []}
    for n in range(1, 13)
}
ANSWERS = [
    {"urn": n, "respondent_role": "headteacher", "question_id": "q1", "answer": a}
    for n, a in enumerate(Q1, 1)
]
TEXTS = [
    "More support from the network",
    "Networks and teaching schools",
    "The teaching school hub",
    "Local authority advisers",
    "Nobody",
]
FREE = [
    {"urn": n, "respondent_role": "headteacher", "question_id": "q2", "answer": t}
    for n, t in enumerate(TEXTS, 1)
]
RULE = surveys.Rules(5, frozenset({"more", "from", "the", "and", "nobody_is_not_a_stopword"}))


def _q(result: dict, qid: str) -> dict:
    return next(q for q in result["questions"] if q["id"] == qid)


def test_totals_and_the_groups_too_small_to_show() -> None:
    found = _q(surveys.results(ASKED, ANSWERS, SCHOOLS, "phase", rule=RULE), "q1")
    # 12 answers: strongly agree 3 (1, 2, 12), agree 5, disagree 3, strongly disagree 1
    assert found["answers"] == 12 and not found["held_back"]
    assert [o["count"] for o in found["options"]] == [3, 5, 3, 1]
    assert found["favourable_pct"] == 66.7  # 8 of 12
    assert found["mean"] == 2.83  # (3x4 + 5x3 + 3x2 + 1x1) / 12 = 34 / 12
    groups = {g["group"]: g for g in found["groups"]}
    # primary, schools 1-8: SA 2, A 4, D 1, SD 1: 6 of 8 favourable, mean 23 / 8 = 2.875
    assert groups["primary"]["answers"] == 8
    assert groups["primary"]["favourable_pct"] == 75.0 and groups["primary"]["mean"] == 2.88
    # secondary (3 answers) and special (1) are under 5: no figure, and the count is not given either
    for small in ("secondary", "special"):
        assert groups[small] == {
            "group": small,
            "answers": None,
            "held_back": True,
            "note": "fewer than 5 answers",
        }


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    found = _q(surveys.results(ASKED, ANSWERS, SCHOOLS, "type", rule=RULE), "q1")
    groups = {g["group"]: g for g in found["groups"]}
    # Foundation has 1 answer; Community's 5 would give it away (12 - 6 - 5), so both are held back
    assert groups["Foundation"]["held_back"] and groups["Community"]["held_back"]
    # Academy, schools 1-6: SA 2, A 3, D 1: 5 of 6 favourable, mean (8 + 9 + 2) / 6 = 3.1667
    assert groups["Academy"]["answers"] == 6
    assert groups["Academy"]["favourable_pct"] == 83.3 and groups["Academy"]["mean"] == 3.17


def test_networks_and_schools_in_none() -> None:
    found = _q(surveys.results(ASKED, ANSWERS, SCHOOLS, "network", rule=RULE), "q1")
    groups = {g["group"]: g for g in found["groups"]}
    assert groups["North"]["answers"] == 6  # schools 1-6, as Academy above
    assert groups["Not in a network"]["answers"] == 6  # schools 7-12: A 2, D 3, SD 1, SA 1: 3 of 6
    assert groups["Not in a network"]["favourable_pct"] == 50.0


def test_a_question_with_fewer_than_five_answers_is_held_back_whole() -> None:
    found = _q(surveys.results(ASKED, ANSWERS[:4], SCHOOLS, "phase", rule=RULE), "q1")
    assert found["held_back"] and found["note"] == "fewer than 5 answers"
    assert found["favourable_pct"] is None and [o["count"] for o in found["options"]] == [0, 0, 0, 0]
    assert all(g["held_back"] for g in found["groups"])


def test_against_the_last_round() -> None:
    before = [
        {
            "urn": n,
            "respondent_role": "headteacher",
            "question_id": "q1",
            "answer": "agree" if n <= 5 else "disagree",
        }
        for n in range(1, 11)
    ]
    found = _q(surveys.results(ASKED, ANSWERS, SCHOOLS, None, before, rule=RULE), "q1")
    # last round: 5 of 10 favourable, mean (5x3 + 5x2) / 10 = 2.5; now 66.7: up 16.7 points
    assert found["previous"] == {"answers": 10, "held_back": False, "favourable_pct": 50.0, "mean": 2.5}
    assert found["change_pts"] == 16.7
    few = _q(surveys.results(ASKED, ANSWERS, SCHOOLS, None, before[:3], rule=RULE), "q1")
    assert few["previous"]["held_back"] and few["change_pts"] is None


def test_free_text_grouped_by_the_words_they_share() -> None:
    found = _q(surveys.results(ASKED, FREE, SCHOOLS, rule=RULE), "q2")["free_text"]
    # words: 1 {support, network}; 2 {network (networks), teaching, school (schools)};
    # 3 {teaching, school, hub}; 4 {local, authority, advisers}; 5 {nobody}
    # network, school and teaching are each shared by two; "network" first alphabetically takes 1 and 2;
    # of 3, 4, 5 no word is shared by two
    assert found["groups"] == [{"term": "network", "answers": 2, "texts": TEXTS[:2]}]
    assert found["not_grouped"] == TEXTS[2:]
    assert found["texts"] == TEXTS


def test_free_text_of_fewer_than_five_is_not_shown() -> None:
    found = _q(surveys.results(ASKED, FREE[:4], SCHOOLS, rule=RULE), "q2")
    assert found["held_back"] and found["free_text"] is None


def test_the_rules_are_data() -> None:
    assert surveys.rules().min_answers == 5
    with pytest.raises(surveys.RulesError, match="min_answers"):
        surveys.parse_rules("min_answers = 0")


KEY_QUESTIONS = (
    "How well does the local authority know your school, your performance and the standards your "
    "pupils achieve?",
    "What measures are in place to support and challenge your school and how do these meet the "
    "needs of your school?",
    "What is the impact of the local authority support and challenge over time to help your school improve?",
)


def test_default_questionnaires_hold_the_seeds_wording() -> None:
    ofsted = questionnaire.get("ofsted_key_questions")
    assert ofsted is not None and ofsted.answered_by == ("headteacher", "governor")
    texts = [q.text for q in ofsted.questions]
    assert all(text in texts for text in KEY_QUESTIONS)
    strengths = ofsted.question("uses_strengths")
    assert strengths is not None and strengths.only_for == "good_or_better"
    assert (
        strengths.text
        == "How well is the local authority making use of your school's strengths to help others improve?"
    )
    assert [q.id for q in ofsted.asked_of(False)] == [q.id for q in ofsted.questions if q.only_for is None]
    heads = questionnaire.get("support_in_18_months")
    assert heads is not None
    assert (
        heads.questions[0].text == "Where do you expect to go for support and challenge in 18 months' time?"
    )
    network = questionnaire.get("network_capacity_trust")
    assert network is not None and network.answered_by == ("headteacher", "network_lead")
    assert {"trust", "capacity", "clarity", "challenge"} <= {q.id for q in network.questions}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            'scale = "free_text"',
            "test.toml, line 14, key 'questions.scale': question 2: the scale must be one of",
        ),
        (
            'text = "Where will you go?"',
            "test.toml, line 12, key 'questions.id': question 2: the id 'q1' is used twice",
        ),
        ("version = 1", "test.toml, line 2, key 'version': the version must be a whole number from 1"),
        ('answered_by = ["headteacher"]', "test.toml, line 4, key 'answered_by': say who answers it"),
    ],
)
def test_mistakes_name_file_line_and_key(change: str, message: str) -> None:
    broken = {
        'scale = "free_text"': TOML.replace('scale = "free_text"', 'scale = "agree5"'),
        'text = "Where will you go?"': TOML.replace('id = "q2"', 'id = "q1"'),
        "version = 1": TOML.replace("version = 1", "version = 0"),
        'answered_by = ["headteacher"]': TOML.replace('["headteacher"]', '["parent"]'),
    }[change]
    with pytest.raises(questionnaire.QuestionnaireError) as error:
        questionnaire.parse(broken, "test.toml")
    assert str(error.value).startswith(message)


def test_not_toml_names_the_line() -> None:
    with pytest.raises(questionnaire.QuestionnaireError, match=r"test.toml, line 3: this is not valid TOML"):
        questionnaire.parse('id = "x"\nversion = 1\ntitle = \n', "test.toml")


def test_answers_checked_against_the_scale() -> None:
    q1 = ASKED.question("q1")
    assert q1 is not None
    assert questionnaire.check_answer(q1, "Strongly  agree") == "strongly_agree"
    with pytest.raises(ValueError, match="not an answer on the agree4 scale"):
        questionnaire.check_answer(q1, "maybe")
