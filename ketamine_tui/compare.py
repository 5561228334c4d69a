"""Comparing the articles: what each one says about a question, and which claims they share.

A question is covered, or not, exactly as `ask` decides (the same precheck, passages and
decision, so the same reason). When it is, each article's own best passages are read in turn and
scored by the same sentence scorer: its best sentences on the question (those that answer what
it asks first, then those that only carry its focus), or none — the article does not mention
it. Near-identical sentences of several articles become one claim, with every article that
makes it, looked up beyond the sentences shown ("said by N of M"). A corpus of
many articles has only those with the best passages compared (`Settings.compare_articles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ketamine_tui.analysis import QueryPlan
from ketamine_tui.answer import Answerer, Recurrences, analysis_of, near_duplicates
from ketamine_tui.answer_models import Answer, Citation
from ketamine_tui.compare_models import ArticleView, Claim, Comparison, QuotedSentence
from ketamine_tui.models import Article, Hit
from ketamine_tui.pipeline import Pipeline
from ketamine_tui.question import QuestionFrame
from ketamine_tui.scoring import ScoredSentence


class Comparer:
    """Compares the articles on framed questions, with the answer stage's scoring and decision."""

    def __init__(self, answerer: Answerer, articles: Iterable[Article]) -> None:
        self.answerer = answerer
        self.articles = tuple(articles)

    def not_covered(self, answer: Answer) -> Comparison:
        """The comparison of a question the articles do not cover: the answer's reason."""
        return Comparison(
            question=answer.question,
            covered=False,
            reason=answer.reason,
            corrected=answer.corrected,
            article_count=len(self.articles),
            analysis=answer.analysis,
            related=answer.related,
        )

    def compare(self, stages: Pipeline, plan: QueryPlan, frame: QuestionFrame) -> Comparison:
        """Each article's sentences on a framed question and their claims, or why not covered."""
        answerer = self.answerer
        early = answerer.precheck(plan, frame)
        if early is not None:
            return self.not_covered(early)
        hits, article_hits = stages.compared_hits(plan, frame)
        candidates = answerer.candidates(plan, frame, hits)
        if not answerer.supported(candidates):
            detail = answerer.missing(plan, frame, candidates)
            return self.not_covered(answerer.not_covered(plan, frame, detail))
        views: list[ArticleView] = []
        said: list[ScoredSentence] = []
        by_article = article_hits()
        for article in self.articles:
            if article.source_id not in by_article:
                continue  # one of many articles, without the best passages: not compared
            own = _with_global_hits(by_article[article.source_id], hits, article.source_id)
            chosen = self._said_by(plan, frame, own)
            said += chosen
            quoted = tuple(QuotedSentence(c.citations[0], c.answers) for c in chosen)
            views.append(ArticleView(article.source_id, article.title, article.file, quoted))
        return Comparison(
            question=plan.text,
            covered=True,
            claims=self._claims(said, stages, hits[0].score if hits else 0.0),
            articles=tuple(views),
            not_compared=len(self.articles) - len(views),
            corrected=plan.corrected,
            article_count=len(self.articles),
            analysis=analysis_of(frame),
        )

    def _said_by(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit]
    ) -> list[ScoredSentence]:
        """An article's best sentences on the question (none when it does not mention it).

        A sentence is on the question when it answers it, or carries its main focus (and enough
        of the question) without the evidence its type asks for. When the focus is the corpus's
        own subject every sentence carries it, so only those that answer count.
        """
        settings = self.answerer.settings
        relevant = [
            c
            for c in self.answerer.candidates(plan, frame, hits)
            if c.support >= settings.min_support
            and (c.answers or (c.evidence.main and not frame.focus_from_topic))
        ]
        return self.answerer.choose(relevant) if relevant else []

    def _claims(
        self, said: list[ScoredSentence], stages: Pipeline, top: float
    ) -> tuple[Claim, ...]:
        """The sentences shown, near-duplicates across articles merged, each cited everywhere.

        Claims that answer come first, the best scored first (then those more articles make).
        Each article's sentences were scored against its own best passage; here a sentence's
        passage counts against the question's best passage (`top`), so that an article's
        weak best passage does not pass for a strong one.
        """
        settings = self.answerer.settings

        def overall(c: ScoredSentence) -> float:
            relative = c.hit.score / top if top else 0.0
            return c.score + settings.rank_bonus * (relative - c.terms.rank)

        heads: list[ScoredSentence] = []
        # Best first, each sentence joins the first claim it is a near-duplicate of, so that
        # every sentence of a claim says what its text says (not only one of the others).
        for candidate in sorted(said, key=lambda c: (not c.answers, -overall(c))):
            head = next(
                (
                    h
                    for h in heads
                    if near_duplicates(h.facts.stems, candidate.facts.stems, settings)
                ),
                None,
            )
            if head is None:
                heads.append(candidate)
                continue
            own = candidate.citations[0]  # its twins in its article echo it, maybe not the head
            if (own.passage_id, own.start) not in {(c.passage_id, c.start) for c in head.citations}:
                head.citations.append(own)
        # Where else the articles say a claim: passages sharing the rarest words of any claim,
        # looked up once, each read for the claims it shares enough words with.
        elsewhere = stages.recurrences_of_all([h.facts.stems for h in heads])
        # A sentence may say what two claims say (A is like B, B like C, A unlike C): it is
        # cited by both, so that neither claim passes for one article's alone.
        for head in heads:
            cited = {(c.passage_id, c.start) for c in head.citations}
            for candidate in said:
                own = candidate.citations[0]
                if (own.passage_id, own.start) not in cited and near_duplicates(
                    head.facts.stems, candidate.facts.stems, settings
                ):
                    head.citations.append(own)
                    cited.add((own.passage_id, own.start))
            sharing = [
                hit
                for hit in elsewhere
                if len(head.facts.stems & stages.analyses.of(hit.passage).stems)
                >= settings.min_shared_words
            ]
            self.answerer.corroborate([head], _found(sharing))
        order = {a.source_id: n for n, a in enumerate(self.articles)}
        claims = [
            (
                Claim(head.text, _in_article_order(head.citations, order), head.answers),
                head,
            )
            for head in heads
        ]
        claims.sort(
            key=lambda item: (
                not item[0].answers,
                -round(overall(item[1]), 6),
                -len(item[0].source_ids),
                order.get(item[1].hit.passage.source_id, len(order)),
                item[1].facts.start,
            )
        )
        return tuple(claim for claim, _ in claims)


def _found(hits: list[Hit]) -> Recurrences:
    """Recurrences that are these hits, whatever the sentence (already looked up)."""
    return lambda _: hits


def _with_global_hits(own: Sequence[Hit], hits: Sequence[Hit], source_id: str) -> list[Hit]:
    """An article's hits, with its passages among the question's best ones added if missing.

    Whatever made the question covered is then read in its article too.
    """
    seen = {h.passage.passage_id for h in own}
    extra = [
        h for h in hits if h.passage.source_id == source_id and h.passage.passage_id not in seen
    ]
    return [*own, *(h._replace(rank=len(own) + n) for n, h in enumerate(extra, start=1))]


def _in_article_order(citations: Iterable[Citation], order: dict[str, int]) -> tuple[Citation, ...]:
    """The citations with the first (the claim's text) kept first, the rest by article."""
    first, *rest = citations
    return (first, *sorted(rest, key=lambda c: (order.get(c.source_id, len(order)), c.start)))
