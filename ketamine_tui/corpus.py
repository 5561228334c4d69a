"""Read the corpus's articles, drop site boilerplate, detect headings, segment into passages.

Every passage and sentence carries `start`/`end` offsets into the article text exactly as
`Path.read_text(encoding="utf-8")` returns it, so `text == article_text[start:end]` always holds.
A corpus folder holds `articles/` (or the articles themselves) and optionally `sources.toml`,
`topics.toml` and `synonyms.toml`. Without `sources.toml` every `.txt` and `.md` file is an article.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ketamine_tui.boilerplate import is_boilerplate
from ketamine_tui.corpus_files import (
    MAX_FILE_BYTES,
    UnusableFile,
    check_corpus_folder,
    read_regular_file,
)
from ketamine_tui.errors import CorpusError
from ketamine_tui.manifest import ArticleSource, read_manifest, read_synonyms, slugify
from ketamine_tui.models import Article, Passage, Section, Synonyms
from ketamine_tui.sentences import split_sentences
from ketamine_tui.topics import Topic, read_topics

MAX_ARTICLE_BYTES = MAX_FILE_BYTES
MAX_PASSAGE_CHARS = 1200
TARGET_PASSAGE_CHARS = 700
HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 14


@dataclass(frozen=True)
class SegmentedArticle:
    """An article with its text, sections, passages and a hash of its bytes."""

    article: Article
    text: str
    passages: tuple[Passage, ...]
    content_hash: str


@dataclass(frozen=True)
class Corpus:
    """Everything read from a corpus folder: articles, passages, synonyms, topics, problems met."""

    root: Path
    articles: tuple[SegmentedArticle, ...]
    synonyms: Synonyms = field(default_factory=Synonyms)
    problems: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    topic_problems: tuple[str, ...] = ()  # why `topics.toml` was not used (warnings)

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Every passage of every article, in article order."""
        return tuple(p for a in self.articles for p in a.passages)

    def article(self, source_id: str) -> SegmentedArticle:
        """The article with this id (KeyError when there is none)."""
        for segmented in self.articles:
            if segmented.article.source_id == source_id:
                return segmented
        raise KeyError(source_id)


# ---------------------------------------------------------------------------------------------
# Reading and segmenting one article


def read_article_text(path: Path) -> str:
    """Read an article as UTF-8 text; unreadable, binary or empty files raise CorpusError.

    The text is what `Path.read_text(encoding="utf-8")` returns (universal newlines: `\r\n`
    and `\r` read as `\n`), which every offset counts in. Only regular files are opened.
    """
    try:
        raw = read_regular_file(path, MAX_ARTICLE_BYTES)
    except FileNotFoundError as exc:
        raise CorpusError(f"{path}: file not found") from exc
    except UnusableFile as exc:
        raise CorpusError(f"{path}: {exc}; skipped") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start}); skipped") from exc
    if "\x00" in text:
        raise CorpusError(f"{path}: binary file (contains NUL bytes); skipped")
    if not text.strip():
        raise CorpusError(f"{path}: empty; skipped")
    return text


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        """The line without surrounding white space."""
        return self.text.strip()


@dataclass
class _Block:
    """A heading or a paragraph found in the text, as a character range."""

    kind: str  # "heading" | "paragraph"
    start: int
    end: int
    level: int = 0


def _lines(text: str, begin: int) -> Iterator[_Line]:
    """The lines of `text[begin:]` with offsets, line breaks excluded."""
    pos = begin
    for raw in text[begin:].splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        yield _Line(pos, pos + len(body), body)
        pos += len(raw)


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple `key: value` Markdown front matter and the offset where the body starts."""
    match = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.DOTALL)
    if not match:
        return {}, 0
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "#")):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, match.end()


def is_heading_like(line: str) -> bool:
    """A plain-text heading: short, starts with a capital or digit, no closing sentence mark."""
    stripped = line.strip()
    if not stripped or len(stripped) > HEADING_MAX_CHARS:
        return False
    if len(stripped.split()) > HEADING_MAX_WORDS:
        return False
    if not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if stripped[-1] in ".,;:!\"'”’)":
        return False
    return any(ch.isalpha() for ch in stripped)


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def find_blocks(text: str, markdown: bool, begin: int = 0) -> list[_Block]:
    """Headings and paragraphs of an article, boilerplate lines left out."""
    blocks: list[_Block] = []
    paragraph: list[_Line] = []
    first_content = True

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(_Block("paragraph", paragraph[0].start, paragraph[-1].end))
            paragraph.clear()

    in_fence = False
    lines = list(_lines(text, begin))
    for number, line in enumerate(lines):
        stripped = line.stripped
        if not stripped:
            close_paragraph()
            continue
        if is_boilerplate(stripped, first_content):
            close_paragraph()
            continue
        first_content = False
        if markdown:
            if stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
            atx = None if in_fence else re.match(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", stripped)
            if atx and atx.group(2):
                close_paragraph()
                offset = line.start + line.text.index(atx.group(2))
                blocks.append(
                    _Block("heading", offset, offset + len(atx.group(2)), len(atx.group(1)))
                )
                continue
            paragraph.append(_trimmed(line))
            continue
        previous = paragraph[-1] if paragraph else None
        following = lines[number + 1].stripped if number + 1 < len(lines) else ""
        # A wrapped paragraph's first line looks like a heading; a lower-case next line tells.
        continues = bool(following) and following[0].islower()
        if (
            is_heading_like(stripped)
            and not continues
            and (previous is None or _ends_sentence(previous.text))
        ):
            close_paragraph()
            trimmed = _trimmed(line)
            blocks.append(_Block("heading", trimmed.start, trimmed.end, 2))
            continue
        if previous is not None and _ends_sentence(previous.text):
            close_paragraph()
        paragraph.append(_trimmed(line))
    close_paragraph()
    return blocks


def _trimmed(line: _Line) -> _Line:
    """The line without its leading and trailing white space (offsets adjusted)."""
    lead = len(line.text) - len(line.text.lstrip())
    body = line.text.strip()
    return _Line(line.start + lead, line.start + lead + len(body), body)


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph longer than MAX_PASSAGE_CHARS at sentence boundaries."""
    if end - start <= MAX_PASSAGE_CHARS:
        return [(start, end)]
    chunks: list[tuple[int, int]] = []
    for span in split_sentences(text[start:end], start):
        if not chunks or span.end - chunks[-1][0] > TARGET_PASSAGE_CHARS:
            chunks.append((span.start, span.end))
        else:
            chunks[-1] = (chunks[-1][0], span.end)
    # A single sentence longer than the limit is cut at white space, never inside a word.
    result: list[tuple[int, int]] = []
    for a, b in chunks:
        while b - a > MAX_PASSAGE_CHARS:
            cut = text.rfind(" ", a + TARGET_PASSAGE_CHARS // 2, a + MAX_PASSAGE_CHARS)
            cut = cut if cut > a else a + MAX_PASSAGE_CHARS
            result.append((a, cut))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            result.append((a, b))
    return result


@dataclass
class _SectionBuilder:
    title: str
    start: int
    spans: list[tuple[int, int]] = field(default_factory=list)


def segment(source: ArticleSource, text: str) -> SegmentedArticle:
    """Split an article's text into sections and passages, with offsets into `text`."""
    markdown = source.path.suffix.lower() in (".md", ".markdown")
    # A byte-order mark is not text: offsets count it, but no heading or passage starts with it.
    bom = 1 if text.startswith("\ufeff") else 0
    meta, body_start = front_matter(text[bom:]) if markdown else ({}, 0)
    body_start += bom
    blocks = find_blocks(text, markdown, body_start)

    title_line = ""
    meta_title = " ".join(meta.get("title", "").split())
    if blocks and blocks[0].kind == "heading" and _is_title_heading(blocks, markdown):
        title_line = " ".join(text[blocks[0].start : blocks[0].end].split())
        if meta_title and slugify(title_line) != slugify(meta_title):
            title_line = ""  # front matter names the article: this heading heads a section
        else:
            blocks = blocks[1:]
    first_heading = next(
        (" ".join(text[b.start : b.end].split()) for b in blocks if b.kind == "heading"), ""
    )
    # Title order: the manifest, front matter, the article's own title line; then derived ones.
    title, title_derived = source.title, source.title_derived
    if not title:
        title = meta_title or title_line
    if not title:
        title, title_derived = first_heading or _title_from_file_name(source), True

    has_headings = any(b.kind == "heading" for b in blocks)
    lead_title = "Introduction" if has_headings else "Main text"
    sections: list[_SectionBuilder] = []
    for block in blocks:
        if block.kind == "heading":
            heading = " ".join(text[block.start : block.end].split())
            sections.append(_SectionBuilder(heading, block.start))
            continue
        if not sections:
            sections.append(_SectionBuilder(lead_title, block.start))
        sections[-1].spans.extend(_split_long(text, block.start, block.end))

    passages: list[Passage] = []
    built: list[Section] = []
    used_slugs: set[str] = set()
    for builder in sections:
        if not builder.spans:
            continue  # a heading with no text under it is not a section
        slug = base = slugify(builder.title)
        n = 2
        while slug in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        used_slugs.add(slug)
        for ordinal, (a, b) in enumerate(builder.spans, start=1):
            passages.append(
                Passage(
                    passage_id=f"{source.source_id}:{slug}:{ordinal}",
                    source_id=source.source_id,
                    section=builder.title,
                    section_slug=slug,
                    ordinal=ordinal,
                    start=a,
                    end=b,
                    text=text[a:b],
                )
            )
        built.append(
            Section(builder.title, slug, builder.start, builder.spans[-1][1], len(builder.spans))
        )

    article = Article(
        source_id=source.source_id,
        title=title,
        file=str(source.path),
        origin=source.origin,
        title_derived=title_derived,
        sections=tuple(built),
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SegmentedArticle(article, text, tuple(passages), digest)


def _is_title_heading(blocks: list[_Block], markdown: bool) -> bool:
    """Whether the leading heading is the article's title rather than its first section."""
    if not markdown:
        return True  # a plain-text heading before any paragraph is the title line
    levels = [b.level for b in blocks if b.kind == "heading"]
    return blocks[0].level == min(levels) and levels.count(blocks[0].level) == 1


def _title_from_file_name(source: ArticleSource) -> str:
    """A readable title made from the article's file name."""
    spaced = re.sub(r"[_\-]+", " ", source.path.stem).strip()
    return spaced[:1].upper() + spaced[1:] if spaced else source.source_id


# ---------------------------------------------------------------------------------------------
# The whole corpus


def load_corpus(root: Path | str) -> Corpus:
    """Read and segment every article of a corpus folder; bad ones are skipped with a problem."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}")
    root = root.resolve()
    check_corpus_folder(root)
    sources, problems = read_manifest(root)
    articles: list[SegmentedArticle] = []
    for source in sources:
        try:
            text = read_article_text(source.path)
        except CorpusError as exc:
            problems.append(exc.message)
            continue
        segmented = segment(source, text)
        if not segmented.passages:
            problems.append(
                f"{source.path}: no paragraphs (only headings or site boilerplate); skipped"
            )
            continue
        articles.append(segmented)
    if not articles:
        detail = f" ({problems[0]})" if problems else ""
        raise CorpusError(f"no usable article in {root}{detail}")
    try:
        synonyms = read_synonyms(root)
    except CorpusError as exc:  # synonyms are optional: search on without them
        problems.append(f"{exc.message}; searching without synonyms")
        synonyms = Synonyms()
    topics, topic_problems = read_topics(root, [a.article for a in articles])
    return Corpus(root, tuple(articles), synonyms, tuple(problems), topics, topic_problems)
