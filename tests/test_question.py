"""Question analysis, typed evidence and the decision: what a question asks, and what answers it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketamine_tui import question_types
from ketamine_tui.answer_types import answer_type, taxonomy
from ketamine_tui.engine import Engine
from ketamine_tui.phrases import compile_pattern, tokens

PACKAGE = Path(__file__).resolve().parent.parent / "ketamine_tui"


# One question per answer type of the taxonomy; none of them names anything of this corpus, as
# the taxonomy serves any folder of articles.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is a beta blocker?", "definition"),
        ("What is the drug used for?", "use"),
        ("Which conditions can the vaccine treat?", "use"),
        ("How does aspirin work in the body?", "mechanism"),
        ("How well does the vaccine work?", "efficacy"),
        ("What percentage of patients recover?", "efficacy-share"),
        ("How soon will I notice a difference?", "onset"),
        ("How long do the results last?", "duration"),
        ("How long until the pain comes back?", "duration"),
        ("How many sessions will I need?", "count"),
        ("How often will I need a booster?", "frequency"),
        ("How much of the medicine do they give?", "amount"),
        ("How much does the treatment cost?", "cost"),
        ("How much is it?", "cost"),
        ("Why is it given in a hospital?", "reason"),
        ("Where can I get the treatment?", "setting"),
        ("Who should get the vaccine?", "eligibility"),
        ("What can they give you for the headache?", "remedy"),
        ("How old do you have to be to get the vaccine?", "age"),
        ("Is there an age limit for the surgery?", "age"),
        ("How old is the vaccine?", "history"),
        ("Can I take the medicine home and inject it myself?", "setting"),
        ("How do doctors treat a migraine?", "remedy"),
        ("What is the difference between the two drugs?", "comparison"),
        ("Which works better, the pill or the shot?", "comparison"),
        ("Is the pill better than the shot?", "comparison"),
        ("Can I take it together with my other medications?", "combination"),
        ("Can I drive after the appointment?", "permission"),
        ("Can I go back to work the next day?", "permission"),
        ("Is it safe if I have asthma?", "eligibility"),
        ("Is the vaccine meant for people like him?", "eligibility"),
        ("What are the side effects?", "risk"),
        ("Do they know yet if it's safe to do long term?", "risk"),  # not how long
        ("Why is the operation controversial?", "reason"),
        ("When was the drug first approved?", "history"),
        ("What should I do if I miss a dose?", "advice"),
        ("Who should I talk to before the operation?", "advice"),  # whom to ask, not who may
        ("What happens if I miss a session?", "consequence"),
        ("What happens after the procedure?", "aftermath"),
        ("Do I need someone to drive me home?", "permission"),
        ("Is the vaccine safe for people with asthma?", "eligibility"),
        ("What should I expect during the procedure?", "experience"),
        ("What is the recovery room like?", "experience"),
        ("What's it like?", "experience"),
        ("How much is it roughly?", "cost"),
        ("Is the vaccine safe if I have asthma?", "eligibility"),
        ("How will I feel during the session?", "experience"),
        ("Is the clinic open on Sundays?", "yes-no"),
    ],
)
def test_each_answer_type_is_recognised(question: str, expected: str) -> None:
    found = answer_type(question, taxonomy()).type
    assert found is not None and found.name == expected


def test_how_a_question_asks_beats_what_it_mentions() -> None:
    kinds = taxonomy()
    match = answer_type("In that trial, how long did the benefit of one dose last?", kinds)
    assert match.type is not None and match.type.name == "duration" and match.asked
    named = answer_type("Does it cause side effects?", kinds)  # names a topic, asks yes or no
    assert named.type is not None and named.type.name == "risk" and not named.asked
    assert answer_type("glutamate", kinds).type is None  # a keyword query has no type
    assert answer_type("How many infusions do people get?", kinds).named == {"infusions"}


def test_the_taxonomy_and_the_lexicon_are_english_general() -> None:
    corpus_words = {"ketamine", "esketamine", "spravato", "depression", "nmda", "glutamate"}
    for name in (
        "question_types.py",
        "question_types_care.py",
        "question_words.py",
        "data/lexicon.toml",
    ):
        path = PACKAGE / name
        words = set(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
        assert not words & corpus_words, path.name
    assert all(t["name"] for t in question_types.TYPES)


def test_phrase_patterns() -> None:
    pattern = compile_pattern("how many =_")
    assert pattern.match(tokens("How many infusions do people get?")) == ("infusions",)
    assert compile_pattern("within # hours|days").search(tokens("relief within 24 hours"))
    assert not compile_pattern("within # hours|days").search(tokens("relief within hours"))
    assert compile_pattern("^ is|are ...").search(tokens("Is it safe?"))
    assert not compile_pattern("^ is|are ...").search(tokens("What is it?"))
    assert tokens("Isn't it short-lived? 70% in 24 hours") == (
        "isn't", "it", "short-lived", "70", "%", "in", "24", "hours",
    )  # fmt: skip
    with pytest.raises(ValueError):
        compile_pattern("... anything")
    counts = compile_pattern("# !hours|days|%")
    assert counts.search(tokens("6 infusions over 24 hours"))
    assert not counts.search(tokens("within 24 hours, 70% better"))
    assert not counts.search(tokens("after 24"))  # nothing after the number: no word to accept


def _frame(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return engine._stages.questions.frame(engine.plan(question))


def test_focus_units_constraints_and_polarity(engine: Engine) -> None:
    frame = _frame(engine, "Does Ketamine Show Up On A Drug Test?")
    assert [u.label for u in frame.focus] == ["drug test"] and not frame.focus[0].known
    frame = _frame(engine, "Is it safe to have ketamine treatment at home with my antidepressants?")
    assert {u.label for u in frame.constraints} >= {"antidepressants"}
    assert frame.type_name == "combination"  # "with my antidepressants": is it safe together?
    assert "home" in {u.label for u in frame.constraints}
    assert _frame(engine, "What if ketamine doesn't work for me?").negative
    assert not _frame(engine, "How quickly does ketamine work?").negative
    frame = _frame(engine, "How quickly does ketamine work?")
    assert frame.focus_from_topic and frame.needs_evidence  # about the subject: a time is asked
    frame = _frame(engine, "My brother keeps talking about ending his life. Could this help him?")
    assert "brother" not in {w for u in frame.focus for w in u.label.split()}
    # A hyphenated "at-home" or "in-person" is a constraint of one word, not of all that follows
    frame = _frame(engine, "Are in-person visits needed for treatment-resistant depression?")
    assert [u.label for u in frame.constraints][:1] == ["person"]
    assert "visits" in {u.label for u in frame.focus}
    assert all(u.label for u in (*frame.focus, *frame.constraints))  # no unit without words
    # "ketamine therapy" is the subject itself; "talk therapy" is not
    frame = _frame(engine, "Who is a good candidate for ketamine therapy?")
    assert [u.label for u in frame.focus] == ["ketamine"] and frame.focus_from_topic
    assert "talk therapy" in {
        u.label for u in _frame(engine, "Is it better than talk therapy?").focus
    }
    # so are "ketamine infusions": what the question names besides is its focus
    frame = _frame(engine, "Does insurance pay for ketamine infusions?")
    assert [u.label for u in frame.focus] == ["insurance"]
    assert [u.label for u in _frame(engine, "Will ketamine infusions work?").focus] == ["ketamine"]
    # a question about what is known, whoever would know it; "how do I know if…" is none
    for knowing in (
        "Do they know yet if it's safe?",
        "Do the researchers know how it works?",
        "Is there evidence that it helps older people?",
        "Has it been studied in teenagers?",
        "What's known about the long term?",
    ):
        frame = _frame(engine, knowing)
        assert frame.not_known is not None, knowing
        assert not {"researchers", "evidence", "studied"} & {
            w for u in frame.focus for w in u.label.split()
        }
    assert _frame(engine, "How do I know if I'm a good candidate?").not_known is None
    assert _frame(engine, "Is it safe?").not_known is None
    # chat fillers ("lol", "rn", "kinda") are no part of a unit: "horse tranquilizer lol" is
    # the known "horse tranquilizer"
    frame = _frame(engine, "isnt ketamine a horse tranquilizer lol, what was it made for")
    assert "horse tranquilizer" in {u.label for u in frame.focus}
    frame = _frame(engine, "my brother has dark suicidal thoughts rn. can ketamine help quickly")
    assert not any("rn" in u.label.split() for u in (*frame.focus, *frame.constraints))
    # "what effect does it have on the brain" asks how it works: "effect" names the answer
    assert [
        u.label for u in _frame(engine, "What effect does ketamine have on the brain?").focus
    ] == ["ketamine"]
    # the words of the rate asked ("response", "success") name the answer, not what it is about
    for asked in ("What is the response rate of ketamine?", "What is ketamine's success rate?"):
        assert [u.label for u in _frame(engine, asked).focus] == ["ketamine"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Is at-home ketamine treatment safe?", "risk"),  # "is … safe" asks about a risk,
        ("Is ketamine treatment at home safe?", "risk"),  # wherever it happens
        ("Can I have ketamine if I already have high blood pressure?", "eligibility"),
        ("What dose of ketamine is used?", "amount"),
        ("How many hours does the effect last?", "duration"),
        ("How many infusions do people get?", "count"),
        # how it asks is read from the sentence that asks, after the context told first
        ("I'm on lisinopril. Is it safe if I have high blood pressure?", "eligibility"),
        ("How long does a 2.5 mg dose last?", "duration"),  # no sentence ends at "2."
        ("Is it safe to drive after a session with Dr. Smith?", "permission"),  # nor at "Dr."
    ],
)
def test_how_a_question_asks_decides_its_type(engine: Engine, question: str, kind: str) -> None:
    frame = _frame(engine, question)
    assert frame.type_name == kind and frame.asked


def test_what_the_cue_names_stays_named_when_its_synonyms_are_generic(engine: Engine) -> None:
    # "sessions" has "treatment" as a synonym, found in most passages (made loose): the unit is
    # still the one "how many" names, so a sentence counting people does not answer it.
    _plan, frame = engine._stages.framed("How many sessions do people usually need?")
    named = [u.label for u in frame.focus if u.named]
    assert named == ["sessions"]
    assert not engine.ask("How many sessions do people usually need?").answered


def test_acting_on_the_brain_is_no_combination() -> None:
    # "interacts with the brain" says how a drug acts; "interacts with other medications" and
    # "combined with therapy" say what it is taken with.
    from ketamine_tui.evidence import SentenceFacts

    kinds = taxonomy()
    combination = kinds.type_named("combination")
    assert combination is not None

    def shows(text: str) -> float:
        return SentenceFacts(0, text, kinds).shows(combination)

    assert shows("The drug interacts with the brain differently.") < 1.0
    assert shows("The drug interacts with other medications.") == 1.0
    assert shows("It works best combined with talk therapy.") == 1.0


def test_a_number_that_counts_nothing_is_no_count(engine: Engine) -> None:
    # "in one study", "One study found", "within 24 hours", "70%": no answer to "how many"
    reader = engine._stages.reader
    count = taxonomy().type_named("count")
    duration = taxonomy().type_named("duration")
    assert count is not None and duration is not None
    read = [s for h in engine.search("study participants JAMA", limit=20).hits
            for s in reader.sentences(h.passage)]  # fmt: skip
    one_study = next(s for s in read if s.text.startswith("One study published"))
    in_one = next(s for s in read if s.text.startswith("In one study"))
    assert one_study.shows(duration) == 1.0  # "within 24 hours" is a time span ...
    assert one_study.shows(count) < 1.0  # ... and "One study" counts no studies
    assert in_one.shows(count, frozenset({"70"})) < 1.0
    answer = engine.ask("How many people were in the study where 70% got better?")
    assert not answer.answered and "how many" in answer.reason


def test_a_sentence_reads_with_the_one_before_only_when_it_goes_on_from_it(
    engine: Engine,
) -> None:
    # "… changes in blood pressure, these are generally mild. Ketamine is also not associated
    # with … weight gain …, making it an attractive option": the reason it shows ("making it")
    # is not about blood pressure, and the sentence carries nothing of the question itself.
    answer = engine.ask("Why does ketamine increase blood pressure?")
    assert not answer.answered
    # "… concerns and controversies surrounding its use. Some experts worry about …" opens
    # with the reason it gives: it goes on from the sentence before.
    answer = engine.ask("Why is ketamine treatment controversial?")
    assert answer.answered and "abuse and addiction" in answer.sentences[0].text


def test_a_thing_named_stays_the_focus_however_common_its_word(engine: Engine) -> None:
    # A single everyday word the articles lack leaves the question to its constraints ("can I
    # *walk* after a session"), unless an article or a possessive makes it a thing ("the bus").
    frame = _frame(engine, "Can I walk after a treatment session?")
    assert [u.label for u in frame.focus] == ["session"]
    frame = _frame(engine, "Can I ride the bus after a treatment session?")
    assert "bus" in {u.label for u in frame.focus} and not frame.focus[0].known
    answer = engine.ask("Can I ride the bus after a treatment session?")
    assert not answer.answered and "“bus”" in answer.reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Does Ketamine Show Up On A Drug Test?", "No article mentions “drug test”."),
        ("Can You Work After Ketamine Infusion?", "mention “work” but not whether you can"),
        ("How many infusions do people usually get?", "but not how many or how often"),
        ("How long is each appointment?", "No sentence of the articles is about “appointment”."),
        ("Is it safe to have ketamine treatment while pregnant?", "“pregnant”"),
        ("Is at-home ketamine treatment safe?", "No article mentions “home”."),
        ("Can I have ketamine if I already have high blood pressure?", "not who it is for"),
        # each once quoted a sentence that shares its words without answering it
        ("What happens after the treatment?", "but not what happens afterwards."),
        ("Do I need someone to drive me home after the infusion?", "“drive”"),
        ("Is ketamine treatment painful?", "“painful”"),  # "pain relief" is no answer
        ("Is ketamine safe for people with heart problems?", "“heart problems”"),
        ("Will ketamine change my personality?", "“personality”"),  # not "person", "patients"
        (
            "Is there a physician present during my infusion?",
            "“physician present”",
        ),  # not "presents"
    ],
)
def test_what_the_articles_do_not_say_is_said_precisely(
    engine: Engine, question: str, reason: str
) -> None:
    answer = engine.ask(question)
    assert not answer.answered and reason in answer.reason


@pytest.mark.parametrize(
    ("question", "first_sentence_has"),
    [
        ("How long does the dizziness last?", "generally mild and short-lived"),
        ("What are the side effects?", "dizziness and changes in blood pressure"),
        # "monitored for any adverse effects" names a risk, it does not say what one is
        ("What are the risks of ketamine?", "dizziness and changes in blood pressure"),
        ("How quickly does ketamine work?", "within hours"),
        ("Why is ketamine treatment controversial?", "abuse and addiction"),
    ],
)
def test_the_first_sentence_answers_what_is_asked(
    engine: Engine, question: str, first_sentence_has: str
) -> None:
    answer = engine.ask(question)
    assert answer.answered and first_sentence_has in answer.sentences[0].text


def test_a_sentence_that_only_talks_about_the_topic_comes_after_facts(engine: Engine) -> None:
    reader = engine._stages.reader
    hits = engine.search("side effects and safety concerns", limit=5).hits
    meta = [s for h in hits for s in reader.sentences(h.passage) if s.meta]
    assert any("essential to consider" in s.text for s in meta)
    answer = engine.ask("What are the side effects?")
    flags = [
        next(s.meta for h in answer.hits for s in reader.sentences(h.passage) if s.text == a.text)
        for a in answer.sentences
    ]
    assert flags == sorted(flags) and not flags[0]


def test_numbers_the_question_gives_are_no_answer(engine: Engine) -> None:
    reader = engine._stages.reader
    kind = taxonomy().type_named("efficacy-share")
    assert kind is not None
    passage = next(
        h.passage for h in engine.search("70% of participants").hits if "70%" in h.passage.text
    )
    sentence = next(s for s in reader.sentences(passage) if "70%" in s.text)
    assert sentence.shows(kind) == 1.0
    assert sentence.shows(kind, frozenset({"70"})) < 1.0


def test_related_questions_relate(engine: Engine) -> None:
    offered = {
        q: tuple(r.question for r in engine.ask(q).related)
        for q in (
            "Does health insurance pay for it?",
            "Can I drive home after an infusion?",
            "What about esketamine?",
        )
    }
    assert len(set(offered.values())) == 3  # never one fixed list
    assert any("infusion" in r for r in offered["Can I drive home after an infusion?"])
    assert offered["What about esketamine?"] == ()  # nothing relates: nothing is offered
