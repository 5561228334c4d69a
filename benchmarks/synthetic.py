"""A deterministic synthetic corpus: N passages of health-article-like text in a corpus folder.

The text is generated, not meaningful, but it is shaped like the bundled articles so that the
benchmark queries hit and the index grows as a real one would:

- each article is a title line, then sections (a heading line, then paragraphs of one to three
  sentences ending with a period); every paragraph is one passage (never split: well under
  `corpus.MAX_PASSAGE_CHARS`), about 260 characters like the bundled passages;
- content words are drawn from a Zipf distribution whose head is the vocabulary of the articles
  ("ketamine", "depression", "side effects", …) and whose long tail is made-up words, so the
  vocabulary keeps growing with the corpus (Heaps' law) instead of saturating;
- function words are mixed in at about the rate of English prose;
- `synonyms.toml` and `topics.toml` are copied from the bundled corpus so query expansion and
  related topics cost what they cost in real use.

The same (passages, seed) always writes byte-identical files.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
from pathlib import Path

PASSAGES_PER_ARTICLE = 20
DEFAULT_SEED = 20240611

# The head of the distribution: words and phrases of the bundled articles, most frequent first
# (roughly), so "ketamine" and "depression" are common and "glutamate" is rarer.
_DOMAIN_TEXT = """
ketamine depression treatment patients symptoms therapy effects depressive antidepressant
side_effects mental_health brain infusion treatment-resistant research studies clinical
relief dose doses medication medications rapid hours weeks days months individuals
healthcare provider providers doctor psychiatrist clinic clinics session sessions response
improvement mood suicidal thoughts ideation anesthetic anesthesia dissociative nasal_spray
esketamine spravato intravenous glutamate nmda receptor receptors neurotransmitter synapses
neurons plasticity connections serotonin ssris traditional conventional options option
approach benefits benefit risks risk safety safe monitoring monitored supervised medical
setting blood_pressure heart_rate nausea dizziness dissociation hallucinations confusion
sedation drowsiness headache vomiting disorientation perception changes addiction abuse
misuse dependence potential long-term short-term lasting duration effect relapse maintenance
remission recovery efficacy effective evidence trials trial fda approved approval off-label
cost insurance coverage expensive affordable access availability psychotherapy counseling
support combined combination approach individualized plan evaluation assessment history
condition conditions anxiety ptsd bipolar disorder disorders chronic pain relief veterinary
human use used originally developed discovered researchers scientists university single low
subanesthetic administered administration under supervision observation period recovery_room
driving arrange transport family friends caregiver quality life daily functioning outcome
outcomes response_rate participants placebo controlled randomized study results significant
reduction scores scale measure measured weeks_after hours_after within minutes quickly fast
onset sustained durable repeated course series six eight twice weekly schedule regimen taper
frequency follow-up promising breakthrough novel mechanism action pathways inflammation
stress hormones bdnf growth factor regions prefrontal cortex hippocampus circuits signaling
rewire rebuild damaged reversal hopelessness anhedonia energy sleep appetite concentration
motivation interest emergency crisis hospital psychiatric inpatient outpatient screening
contraindications pregnancy psychosis schizophrenia hypertension cardiovascular liver
bladder cystitis tolerance withdrawal cravings recreational street illicit special_k club
party legal prescription prescribed controlled_substance schedule_iii regulation guidelines
"""
DOMAIN_TERMS = tuple(_DOMAIN_TEXT.split())

_FUNCTION_TEXT = """
the the the of of and and to to a a in in is is that for with as can be on by may this are
it or from their has have an at which also more been not these other such its into than
"""
FUNCTION_WORDS = tuple(_FUNCTION_TEXT.split())

HEADINGS = (
    "What Is Ketamine",
    "How Ketamine Works in the Brain",
    "Side Effects and Safety Concerns",
    "Who Is a Good Candidate",
    "How Quickly Does It Work",
    "How Long Do the Effects Last",
    "Ketamine Infusion Therapy",
    "Nasal Spray Treatment",
    "Risks of Addiction and Misuse",
    "What the Research Shows",
    "Cost and Insurance Coverage",
    "Combining Ketamine with Therapy",
    "Treatment-Resistant Depression",
    "Monitoring During Treatment",
    "The Future of Ketamine Therapy",
    "Comparing Traditional Antidepressants",
    "Dosage and Administration",
    "Suicidal Thoughts and Emergency Care",
)

_SYLLABLE_TEXT = """
ka mi to ra ne lo su ve pri dra ton mel cor vis tal ben fen dor lex min sar pol quin
zen tri hex nov bra cul dex gor hal jun kor lum mor nar oph pex rin sul tor ulv war yel
"""
_SYLLABLES = tuple(_SYLLABLE_TEXT.split())
TAIL_WORDS = 40_000
ZIPF_EXPONENT = 1.05


def _tail_words(rng: random.Random, count: int) -> list[str]:
    """`count` distinct made-up words of two to four syllables."""
    seen: set[str] = set(DOMAIN_TERMS)
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


class _Vocabulary:
    """Zipf-distributed content words: domain terms first, then the made-up tail."""

    def __init__(self, rng: random.Random) -> None:
        self.words = [t.replace("_", " ") for t in DOMAIN_TERMS] + _tail_words(rng, TAIL_WORDS)
        weights = [1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, len(self.words) + 1)]
        self.cum_weights = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """`k` content words."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def _sentence(rng: random.Random, vocab: _Vocabulary) -> str:
    """One sentence of 8 to 22 words: capitalised, ending with a period."""
    length = rng.randint(8, 22)
    content = iter(vocab.draw(rng, length))
    tokens = [
        rng.choice(FUNCTION_WORDS) if rng.random() < 0.38 else next(content) for _ in range(length)
    ]
    text = " ".join(tokens)
    if rng.random() < 0.15:
        half = len(tokens) // 2
        text = " ".join(tokens[:half]) + ", " + " ".join(tokens[half:])
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, vocab: _Vocabulary) -> str:
    """One passage: sentences until about 110 to 320 characters."""
    target = rng.randint(110, 320)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < target:
        parts.append(_sentence(rng, vocab))
    return " ".join(parts)


def _article(rng: random.Random, vocab: _Vocabulary, number: int, passages: int) -> str:
    """The text of one article with exactly `passages` paragraphs under a few headings."""
    heading = rng.choice(HEADINGS)
    lines = [f"Ketamine and Depression Report {number}", ""]
    lines += [_paragraph(rng, vocab), ""]  # the introduction
    left = passages - 1
    while left > 0:
        heading = rng.choice([h for h in HEADINGS if h != heading])
        lines += [heading, ""]
        for _ in range(min(left, rng.randint(2, 6))):
            lines += [_paragraph(rng, vocab), ""]
            left -= 1
    return "\n".join(lines)


def generate(folder: Path | str, passages: int, seed: int = DEFAULT_SEED) -> Path:
    """Write a corpus folder of `passages` passages (articles/*.txt plus synonyms and topics)."""
    from ketamine_tui.paths import bundled_corpus

    folder = Path(folder)
    articles = folder / "articles"
    if folder.exists():
        shutil.rmtree(folder)
    articles.mkdir(parents=True)
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    number, left = 0, passages
    while left > 0:
        number += 1
        count = min(PASSAGES_PER_ARTICLE, left)
        text = _article(rng, vocab, number, count)
        (articles / f"report-{number:05d}.txt").write_text(text + "\n", encoding="utf-8")
        left -= count
    bundled = bundled_corpus()
    for name in ("synonyms.toml", "topics.toml"):
        if (bundled / name).is_file():
            shutil.copyfile(bundled / name, folder / name)
    return folder


def main(argv: list[str] | None = None) -> None:
    """Write a synthetic corpus from the command line (for looking at one)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passages", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    generate(args.folder, args.passages, args.seed)
    print(f"wrote {args.passages} passages to {args.folder}")


if __name__ == "__main__":
    main()
