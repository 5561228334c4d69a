"""Extractive answers: verbatim sentences, exact citations, merging, "not covered", topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, write_articles

from ketamine_tui.answer import NOT_COVERED, leans_on_context
from ketamine_tui.answer_models import Answer
from ketamine_tui.engine import Engine
from ketamine_tui.evaluation import load_questions
from ketamine_tui.export import answer_json, answer_markdown
from ketamine_tui.scoring import defines, definition_subject
from ketamine_tui.topics import load_topics


def topic_questions(engine: Engine) -> list[str]:
    return [question for root in engine.topics for _, question in root.walk()]


def assert_citations_exact(answer: Answer) -> None:
    """Each citation is its file's text at its offsets; each sentence is its first citation."""
    for sentence in answer.sentences:
        assert sentence.citations
        assert sentence.text == sentence.citations[0].text
        for citation in sentence.citations:
            text = Path(citation.file).read_text(encoding="utf-8")
            assert text[citation.start : citation.end] == citation.text
            assert citation.passage_id.startswith(f"{citation.source_id}:")


def test_topics_file_has_enough_topics_and_questions(corpus_dir: Path) -> None:
    topics = load_topics(corpus_dir)
    assert len(topics) >= 7
    questions = [q for t in topics for _, q in t.walk()]
    assert len(questions) >= 25
    assert all(q.endswith("?") for q in questions)


def test_every_topic_question_is_answered_with_a_citation(engine: Engine) -> None:
    unanswered = [q for q in topic_questions(engine) if not engine.ask(q).answered]
    assert unanswered == []


def test_every_citation_of_every_topic_and_dev_answer_is_exact(engine: Engine) -> None:
    questions = topic_questions(engine) + [
        q.question for q in load_questions(DATA / "dev-questions.jsonl")
    ]
    cited = 0
    for question in questions:
        answer = engine.ask(question)
        assert_citations_exact(answer)
        cited += sum(len(s.citations) for s in answer.sentences)
    assert cited > len(questions)


def test_answers_have_one_to_five_sentences_and_numbered_sources(engine: Engine) -> None:
    answer = engine.ask("What are the side effects of ketamine?")
    assert answer.answered and 1 <= len(answer.sentences) <= 5
    assert [s.number for s in answer.sources] == list(range(1, len(answer.sources) + 1))
    cited_ids = {c.source_id for s in answer.sentences for c in s.citations}
    assert {s.source_id for s in answer.sources} == cited_ids
    assert answer.article_count == 5


def test_every_cited_section_is_listed_with_its_source_number(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_cli import run

    question = "Can ketamine help someone who is suicidal?"
    answer = engine.ask(question)
    numbers = {s.source_id: s.number for s in answer.sources}
    _, out, _ = run(capsys, "ask", question)
    for sentence in answer.sentences:
        for citation in sentence.citations:
            assert f"[{numbers[citation.source_id]}] {citation.title} · {citation.section}" in out
    # This answer quotes one article in two of its sections: both are named.
    assert len({(c.source_id, c.section) for s in answer.sentences for c in s.citations}) > len(
        numbers
    )


def test_two_articles_saying_the_same_thing_make_one_sentence_with_two_citations(
    tmp_path: Path,
) -> None:
    shared = "Ketamine can relieve symptoms of depression within hours of the first infusion."
    write_articles(
        tmp_path,
        {
            "first.md": f"# First\n\nSome context about clinics.\n\n{shared} It is given there.\n",
            "second.md": f"# Second\n\nA different opening paragraph.\n\n{shared}\n",
            "third.md": "# Third\n\nNothing about speed at all, only about zebrafish.\n",
        },
    )
    answer = Engine.in_memory(tmp_path).ask("How fast does ketamine relieve depression?")
    assert answer.answered
    merged = [s for s in answer.sentences if s.text == shared]
    assert len(merged) == 1
    assert len(merged[0].citations) == 2
    assert merged[0].source_ids == ("first", "second") or merged[0].source_ids == (
        "second",
        "first",
    )
    assert_citations_exact(answer)
    markdown = answer_markdown(answer)
    assert "said by 2 of 3 articles" in markdown


def test_near_duplicates_across_the_bundled_articles_are_merged(engine: Engine) -> None:
    answer = engine.ask("How long do traditional antidepressants take to work?")
    assert any(len(s.source_ids) >= 2 for s in answer.sentences)


@pytest.mark.parametrize(
    "question",
    [
        "What is psilocybin therapy?",
        "Can I drink alcohol after ketamine?",
        "What is transcranial magnetic stimulation?",
        "Is ketamine covered by insurance?",
    ],
)
def test_questions_the_articles_do_not_cover(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.reason.startswith(NOT_COVERED)
    assert answer.sentences == () and answer.hits == ()
    assert answer.related  # something to try instead


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # everyday phrasing (data/lexicon.toml) answered in the articles' own words
        ("Is ketamine getting more popular for depression?", "attention"),
        ("Who took part in the study?", "participants"),
        ("How can I be assessed for eligibility?", "evaluate"),
        ("Does ketamine work faster?", "fast"),
        ("What is the future of ketamine therapy?", "may become"),
        ("What should I watch out for?", "monitor"),
        ("Is it one part of something bigger?", "broader"),
        ("Why isn't ketamine used more widely yet?", "widespread"),
        ("Can repeated sessions keep depression away for longer?", "regular"),
        # "common" phrases the question (which side effects?), it is not what it is about
        ("What side effects are common after a ketamine session?", "side effects"),
        ("Would I be able to stop seeing my therapist once I start ketamine?", "counseling"),
        ("Did it kill anyone's sex drive or make them put on weight?", "weight gain"),
        ("Can I just do ketamine at home instead of going to a clinic?", "clinic"),
        ("I heard it can be addictive. Is that true?", "addiction"),  # 'true', 'heard' phrase it
        ("Isn't ketamine a horse tranquilizer?", "veterinary medicine"),
        ("Is it a tranquiliser?", "anesthetic"),
    ],
)
def test_everyday_phrasing_is_answered_in_the_articles_words(
    engine: Engine, question: str, said: str
) -> None:
    answer = engine.ask(question)
    assert answer.answered, answer.reason
    assert said in answer.sentences[0].text


def test_what_it_is_like_is_answered_by_what_happens_during_it(engine: Engine) -> None:
    answer = engine.ask("What happens during the infusion?")
    assert answer.analysis is not None and answer.analysis.type == "experience"
    assert answer.sentences[0].text.startswith("During the infusion")
    felt = engine.ask("What does dissociation feel like?")  # a feeling it names
    assert felt.answered and "a sense of" in felt.sentences[0].text


def test_what_happens_if_needs_a_sentence_that_says_what_follows(engine: Engine) -> None:
    # The articles say ketamine is effective for many, not what happens when it is not.
    answer = engine.ask("What happens if ketamine doesn't work for me?")
    assert not answer.answered
    assert answer.reason.endswith("but not what happens then.")


def test_what_the_articles_lack_told_as_context_is_not_asked(engine: Engine) -> None:
    # The question says what it asks; the sentence after it only tells why it is asked.
    told = engine.ask("how quickly does ketamine start working? my lexapro took like 6 weeks")
    assert told.answered, told.reason
    assert told.analysis is not None and "lexapro" not in told.analysis.focus
    # A question that does not say what it asks needs its context: "at the same time" as what?
    assert not engine.ask("I take Wellbutrin. Can I have ketamine at the same time?").answered
    # A context that names what the answer should be (a dose in mg) is part of the question.
    assert not engine.ask("What dose of ketamine do they use? like mg per kg").answered
    # One sentence that asks: nothing is context.
    assert not engine.ask("How quickly does ketamine work compared with lexapro?").answered
    # "does ketamine do that too?" asks whether it does what the context told of another drug:
    # the drug is what it is compared with, what that drug did is asked
    likewise = engine.ask(
        "lexapro killed my libido and i put on 20 lbs. does ketamine do that too?"
    )
    assert likewise.answered, likewise.reason
    assert "sexual side effects and weight gain" in likewise.sentences[0].text
    # a drug no article names, compared with ("like Prozac does"), is not what is asked when the
    # question asks about something the articles have; it is when it asks about nothing else
    like = engine.ask("Does ketamine work on serotonin like Prozac does?")
    assert like.analysis is not None and like.analysis.focus == ("serotonin",)
    assert like.answered and any("serotonin" in s.text for s in like.sentences)
    assert not engine.ask("Is ketamine like Prozac?").answered
    # a claim the context tells, asked about ("is that true?"), is asked with all its words
    assert not engine.ask("I've read ketamine can mess up your bladder. Is that true?").answered


def test_what_only_the_context_names_narrows_the_answer_but_is_not_its_focus(
    engine: Engine,
) -> None:
    answer = engine.ask("Isn't ketamine a horse tranquilizer?? why would a doctor give me that")
    assert answer.analysis is not None
    assert answer.analysis.focus == ("horse tranquilizer",)
    assert "doctor" in answer.analysis.constraints
    assert "veterinary" in answer.sentences[0].text
    # When the sentence that asks names nothing else, the context is what it is about.
    told = engine.ask("Lexapro killed my sex drive. Does ketamine do the same thing?")
    assert told.analysis is not None and "sex drive" in told.analysis.focus


def test_no_synonym_phrase_shrinks_to_an_everyday_word(engine: Engine) -> None:
    # Without its stop words, "out of body" was "body": a sentence about the body's
    # neurotransmitters answered a question about hallucinating.
    answer = engine.ask(
        "Will I trip or hallucinate during it? kinda scared of feeling out of my body"
    )
    assert answer.answered and "dissociative" in answer.sentences[0].text
    # "put under" was "put", and "within hours" made every "hours" mean quick.
    surgery = engine.ask("Isn't ketamine the drug they use to put people under for surgery?")
    assert "surgical" in surgery.sentences[0].text
    quick = engine.ask("how quickly does ketamine start working? my lexapro took like 6 weeks")
    assert "within hours or days" in quick.sentences[0].text


def test_who_the_subject_is_for_is_answered_by_who_may_have_it(engine: Engine) -> None:
    # "ketamine therapy" names the subject: the sentence that answers says who is eligible, not
    # one that merely names the therapy ("a new treatment option has emerged: ketamine therapy")
    answer = engine.ask("Who is a good candidate for ketamine therapy?")
    assert answer.answered and "eligibility" in answer.sentences[0].text


def test_every_sentence_of_an_answer_about_the_subject_answers_it(engine: Engine) -> None:
    # Every sentence is about the subject, so carrying it says nothing: each one quoted must show
    # what is asked (a share), not "heart rate" for "response rate".
    answer = engine.ask("What is the response rate of ketamine?")
    assert answer.answered and "70%" in answer.sentences[0].text
    assert all("%" in s.text or "percent" in s.text for s in answer.sentences)


def test_a_quantity_told_as_context_is_not_what_is_asked(engine: Engine) -> None:
    # "6 weeks" is what the asker compares the answer with: the question is how quickly.
    told = engine.ask("how quickly does ketamine start working? my zoloft took like 6 weeks")
    assert told.analysis is not None and told.analysis.focus == ("ketamine",)
    assert told.answered and "within hours" in told.sentences[0].text
    # Asked, the same quantity is part of the question.
    asked = engine.ask("Does ketamine work within 6 weeks?")
    assert asked.analysis is not None and "weeks" in " ".join(asked.analysis.focus)


def test_a_condition_one_has_is_asked_about_people_who_have_it(engine: Engine) -> None:
    # The articles say blood pressure may rise during treatment, not whether those who have
    # high blood pressure may have it.
    answer = engine.ask("Is it safe if I have high blood pressure?")
    assert not answer.answered and answer.reason.endswith("but not who it is for.")
    told_first = engine.ask("I'm on lisinopril. Is it safe if I have high blood pressure?")
    assert not told_first.answered and told_first.reason.endswith("but not who it is for.")
    assert not engine.ask("can i go back to work the same day or take the day off").answered


def test_an_alternative_the_articles_lack_leaves_the_other(engine: Engine) -> None:
    # "a pill or an IV drip?": the articles say which of the two it is
    either = engine.ask("do you take ketamine as a pill or is it an IV drip?")
    assert either.answered and "intravenous" in either.sentences[0].text
    assert either.analysis is not None and "pill" not in either.analysis.focus
    # a pill or a needle names how it is given, whatever else the question's words ask
    needle = engine.ask("do you take it as a pill or is it a needle thing")
    assert needle.analysis is not None and needle.analysis.type == "setting"
    assert needle.answered and "intravenous" in needle.sentences[0].text.lower()
    assert not engine.ask("Is it a pill or a tablet?").answered  # neither is in the articles
    assert not engine.ask("Is ketamine a pill?").answered  # no "or", no alternative
    # with what it is taken, each alternative matters
    assert not engine.ask("Can I have lithium or an antidepressant with it?").answered


def test_a_good_candidate_asks_who_it_is_for(engine: Engine) -> None:
    answer = engine.ask("Who is a good candidate for ketamine therapy?")
    assert answer.answered and answer.analysis is not None
    assert answer.analysis.type == "eligibility" and "good" not in answer.analysis.focus


def test_it_is_what_the_articles_are_about(engine: Engine) -> None:
    # "How long does it last?": a question that says what it asks, about "it", asks about the
    # subject of the articles; one that names nothing and asks nothing has nothing to look up.
    lasting = engine.ask("How long does it last?")
    assert lasting.answered and "last" in lasting.sentences[0].text
    assert engine.ask("Is it safe?").answered
    where = engine.ask("Where can I get it?")  # no word to search: its type's words find it
    assert where.answered and where.hits
    nothing = engine.ask("What is?")
    assert not nothing.answered and "names nothing" in nothing.reason
    # a count must count something: "millions of people" is no answer to how often
    assert not engine.ask("How often do I need it?").answered
    often = engine.ask("Is it known yet how often you should have ketamine?")  # nor of ketamine
    assert not often.answered and often.reason.endswith("but not how often.")
    # "it" is what the context names, when the articles lack that
    assert not engine.ask("I tried psilocybin. How long does it last?").answered
    assert not engine.ask("Can I switch to ketamine?").answered  # 'switch' is not 'switch off'


def test_precautions_are_taken_carefully_not_under_care(engine: Engine) -> None:
    answer = engine.ask("What precautions should be taken when using ketamine for depression?")
    assert answer.answered and "carefully monitored" in answer.sentences[0].text


def test_one_treatment_of_the_subject_is_asked_as_one(engine: Engine) -> None:
    # "one infusion" is a single treatment, whatever the articles call it ("a single ketamine
    # treatment can last for several days"); "the first infusion" is still an infusion
    one = engine.ask("if i get one infusion how long before it wears off")
    assert one.analysis is not None and one.analysis.focus == ("one",)
    assert one.answered and "single" in one.sentences[0].text
    first = engine.ask("What happens during the first infusion?")
    assert first.analysis is not None and "first infusion" in first.analysis.focus


def test_what_is_done_about_it_needs_a_sentence_that_says_so(engine: Engine) -> None:
    # the articles name nausea as a side effect that monitoring is there for, not what is given
    # for it; what helps with depression they say
    nausea = engine.ask("What can they give you for the nausea during ketamine?")
    assert not nausea.answered and "nausea" in nausea.reason
    assert "what is done about it" in nausea.reason
    helps = engine.ask("What helps with depression?")
    assert helps.answered and helps.analysis is not None and helps.analysis.type == "remedy"


def test_an_age_limit_needs_an_age(engine: Engine) -> None:
    # no article says at what age: the FAQ's "a new treatment option has emerged" is no answer
    answer = engine.ask("How Old Do You Have to Be for Ketamine Therapy?")
    assert not answer.answered and "at what age" in answer.reason


def test_what_hangs_around_lasts(engine: Engine) -> None:
    # "hang around", "stick around" and "linger" ask how long something lasts, and are no focus;
    # "unpleasant effects" are side effects
    answer = engine.ask("Do the unpleasant effects hang around, or do they wear off fast?")
    assert answer.analysis is not None and answer.analysis.type == "duration"
    assert not {"hang", "around"} & {w for u in answer.analysis.focus for w in u.split()}
    assert answer.answered and "short-lived" in answer.sentences[0].text
    relief = engine.ask("does the relief stick around longer if i keep doing regular sessions?")
    assert relief.analysis is not None and relief.analysis.type == "duration"
    assert relief.answered and "sustained relief" in " ".join(s.text for s in relief.sentences)


def test_wear_alone_is_not_wear_off(engine: Engine) -> None:
    # "wear off" asks how long something lasts; "wear" alone is about clothes, not a duration
    lasting = engine.ask("How long before the dizziness wears off?")
    assert lasting.analysis is not None and lasting.analysis.type == "duration"
    assert lasting.answered and "short-lived" in lasting.sentences[0].text
    assert not engine.ask("What should I wear or bring to my first session?").answered


def test_a_question_about_what_is_known_is_answered_by_what_is_not_known_yet(
    engine: Engine,
) -> None:
    # "do doctors know how it works?" asks how it works, and whether that is known: the sentence
    # that says the mechanism is still being studied answers first, though it only talks about
    # the topic; the doctors who would know are no focus
    answer = engine.ask("Do doctors actually know how ketamine works?")
    assert answer.analysis is not None and answer.analysis.type == "mechanism"
    assert "doctors" not in {w for u in answer.analysis.focus for w in u.split()}
    assert answer.answered and "still being studied" in answer.sentences[0].text
    # what is not known must be of what is asked: the mechanism still studied says nothing of
    # whether it has been shown to work, nor the long-term effects of how well it works
    proven = engine.ask("Has ketamine been proven to work?")
    assert proven.answered and "mechanism" not in proven.sentences[0].text
    # the context may ask what is known ("… for years? whats known about long term")
    later = engine.ask("is it safe to keep doing for years? whats known about long term")
    assert later.answered and "further research" in later.sentences[0].text
    # without the question of what is known, a fact comes first
    plain = engine.ask("Is ketamine safe long term?")
    assert plain.answered and "research" not in plain.sentences[0].text


def test_a_hedge_or_a_contraction_without_its_apostrophe_is_no_focus(engine: Engine) -> None:
    for question in (
        "Are scientists looking at ways of giving ketamine besides the drip?",
        "Roughly how many people feel better within a day?",
        "Is it okay to use over the long haul, health-wise?",
        "can you get addicted to ketamine if youre doing it for depression??",
        "Is ketamine an option for someone in an acute mental health crisis?",
    ):
        analysis = engine.ask(question).analysis
        assert analysis is not None
        named = {w for u in (*analysis.focus, *analysis.constraints) for w in u.split()}
        assert not {"besides", "roughly", "wise", "youre", "option"} & named
    # "an option for someone in crisis" asks about the crisis
    crisis = engine.ask("Is ketamine an option for someone in an acute mental health crisis?")
    assert crisis.answered and any("acute crisis" in s.text for s in crisis.sentences)


def test_not_covered_names_the_missing_words(engine: Engine) -> None:
    assert (
        "No article mentions “psilocybin therapy”"
        in engine.ask("What is psilocybin therapy?").reason
    )


def test_related_questions_come_from_the_topics(engine: Engine) -> None:
    questions = set(topic_questions(engine))
    answer = engine.ask("nasal spray")
    assert answer.related and all(r.question in questions for r in answer.related)
    assert "Is ketamine available as a nasal spray?" in [r.question for r in answer.related]


def test_asking_a_topic_question_does_not_offer_it_back(engine: Engine) -> None:
    question = "Is ketamine available as a nasal spray?"
    assert question not in [r.question for r in engine.ask(question).related]


def test_definition_questions_prefer_definitions(engine: Engine) -> None:
    assert definition_subject("What is ketamine?") == "ketamine"
    assert definition_subject("What does treatment-resistant mean?") == "treatment-resistant"
    assert definition_subject("How is it given?") is None
    assert defines("Glutamate is a neurotransmitter involved in mood.", "glutamate")
    assert not defines("Ketamine is known for its ability.", "ketamine")
    first = engine.ask("What is glutamate?").sentences[0].text
    assert first.startswith("Glutamate is a neurotransmitter")
    # the sentence that asks, hedged and followed by its context; the words apart or hyphenated
    asked = "what does 'treatment resistant' even mean? ive tried 2 different meds, does that count"
    assert definition_subject(asked) == "treatment resistant"
    assert defines("Treatment-resistant depression refers to cases where…", "treatment resistant")
    assert engine.ask(asked).sentences[0].text.startswith("Treatment-resistant depression refers")


def test_answer_json_shape(engine: Engine) -> None:
    data = answer_json(engine.ask("Can you get addicted to ketamine?"))
    assert set(data) == {
        "question",
        "answered",
        "analysis",
        "reason",
        "corrected",
        "answer",
        "sources",
        "related",
    }
    assert data["answered"] is True and data["reason"] is None and data["corrected"] is None
    assert data["analysis"] == {"type": "risk", "focus": ["addicted"], "constraints": []}
    assert "potential for abuse and addiction" in data["answer"][0]["text"]
    for sentence in data["answer"]:
        assert sentence["text"] == sentence["citations"][0]["text"]
        assert set(sentence["citations"][0]) == {
            "source_id",
            "passage_id",
            "file",
            "start",
            "end",
            "text",
        }
    assert set(data["sources"][0]) == {"source_id", "title", "file"}
    assert set(data["related"][0]) == {"topic", "question"}


def test_markdown_export_has_every_citation_resolvable(engine: Engine) -> None:
    answer = engine.ask("How long does the antidepressant effect last?")
    markdown = answer_markdown(answer)
    for sentence in answer.sentences:
        for citation in sentence.citations:
            assert f"`{citation.file}`, characters {citation.start}–{citation.end}" in markdown
            assert citation.title in markdown.replace("\\", "")
    assert markdown.count("[^") == 2 * sum(len(s.citations) for s in answer.sentences)
    assert "not medical advice" in markdown


def test_cli_ask_and_topics(capsys: pytest.CaptureFixture[str]) -> None:
    from test_cli import run

    code, out, _ = run(capsys, "ask", "Is ketamine approved by the FDA for depression?", "--json")
    data = json.loads(out)
    assert (
        code == 0
        and data["answered"]
        and "not yet approved by the FDA" in data["answer"][0]["text"]
    )
    for sentence in data["answer"]:
        for c in sentence["citations"]:
            assert Path(c["file"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["text"]

    code, out, _ = run(capsys, "ask", "What is psilocybin therapy?")
    assert code == 1 and "The articles don't cover this" in out and "Try: " in out

    code, out, err = run(capsys, "ask", "What is glutamate?")
    assert code == 0 and "[1]" in out and "Sources" in out
    assert "not medical advice" in err  # into a pipe, the notice goes to stderr

    code, out, _ = run(capsys, "ask", "What is glutamate?", "--format", "markdown")
    assert code == 0 and out.startswith("# What is glutamate?") and "[^1]:" in out

    code, out, _ = run(capsys, "topics", "--json")
    topics = json.loads(out)
    assert (
        code == 0
        and len(topics) >= 7
        and all({"title", "questions", "topics"} <= set(t) for t in topics)
    )
    code, out, _ = run(capsys, "topics")
    assert code == 0 and "Side effects and safety" in out and "What is ketamine?" in out


def test_the_sentence_cache_is_bounded_and_changes_no_answer(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Answers drawn through a cache that keeps only two passages equal answers from fresh answerers.
    import ketamine_tui.evidence as evidence_module

    questions = [q.question for q in load_questions(DATA / "dev-questions.jsonl")][:12]
    expected = [answer_json(Engine.in_memory(corpus_dir).ask(q)) for q in questions]

    monkeypatch.setattr(evidence_module, "SENTENCE_CACHE_PASSAGES", 2)
    cached = Engine.in_memory(corpus_dir)  # its sentence reader is made on the first question
    got = [answer_json(cached.ask(q)) for q in questions + questions]
    assert got == expected + expected
    assert 0 < len(cached._stages.reader._passages) <= 2
    assert sum(1 for a in expected if a["answered"]) >= 6


def test_the_best_answer_comes_first_then_sentences_that_stand_on_their_own(
    engine: Engine,
) -> None:
    assert leans_on_context("This makes it a useful option.")
    assert leans_on_context("It was approved in the 1970s.")
    assert not leans_on_context("Ketamine is a medication.")
    assert not leans_on_context("Thistles are plants; Items vary.")
    answer = engine.ask("How quickly does ketamine relieve depression?")
    assert "within hours" in answer.sentences[0].text  # it answers "how quickly"
    flags = [leans_on_context(s.text) for s in answer.sentences[1:]]
    assert flags == sorted(flags)  # after it, self-contained ones first


def test_question_phrasing_words_do_not_outweigh_the_subject(engine: Engine) -> None:
    # "playing a role in learning" must not beat the sentences about the NMDA receptor.
    answer = engine.ask("What role does the NMDA receptor play in depression?")
    assert answer.answered and "NMDA" in answer.sentences[0].text


def test_related_questions_share_more_than_a_word_of_every_passage(engine: Engine) -> None:
    # Every question mentions "ketamine"; that alone relates nothing.
    related = engine.ask("Can ketamine be addictive?").related
    assert all(r.topic != "What ketamine is" for r in related)
    spray = engine.ask("How often is the nasal spray used?").related
    assert "Is ketamine available as a nasal spray?" in [r.question for r in spray]


def test_an_everyday_word_the_articles_lack_weighs_less_than_a_specific_one(
    engine: Engine,
) -> None:
    from ketamine_tui.question import specificity as weigh

    def specificity(words: list[str]) -> float:
        return weigh(words, engine.settings)

    least = engine.settings.min_everyday_share
    assert specificity(["first"]) == least  # among the commonest English words
    assert least < specificity(["away"]) < 1.0
    assert specificity(["bladder"]) == specificity(["stomach"]) == 1.0
    assert specificity(["children"]) == 1.0  # a group of people is never a passing word
    # "go away" and "first" only phrase the question; "bladder" and "children" are its subject.
    assert engine.ask("Do the side effects of ketamine go away quickly?").answered
    assert engine.ask("When was ketamine first approved by the FDA?").answered
    assert not engine.ask("Can ketamine damage the bladder?").answered
    assert not engine.ask("Can children receive ketamine?").answered


def test_a_question_word_with_only_common_words_still_finds_passages(engine: Engine) -> None:
    # "ketamine" is in most passages and "who" only re-ranks; together they must still search.
    answer = engine.ask("Who is ketamine for?")
    assert answer.answered
    assert any(w in answer.sentences[0].text for w in ("patients", "individuals", "people"))
    assert engine.search("Who is ketamine for?").hits
