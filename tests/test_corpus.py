"""Corpus loading: manifest, boilerplate rules, headings, passages, sentences and offsets."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import write_articles
from hypothesis import given
from hypothesis import strategies as st

from ketamine_tui.boilerplate import BOILERPLATE_RULES, is_boilerplate
from ketamine_tui.corpus import (
    MAX_PASSAGE_CHARS,
    find_blocks,
    is_heading_like,
    load_corpus,
    segment,
)
from ketamine_tui.errors import CorpusError
from ketamine_tui.manifest import ArticleSource
from ketamine_tui.sentences import split_sentences

# SHA-256 of the seed articles as received, by their origin file name.
SEED_SHA256 = {
    "000_583e4312c97799a5.txt": "c4c9709ce00ffbf79c1641fe5f300ca5ca31fdd82fcc90388aaee356571134c5",
    "001_d1f1e52cd99b4f48.txt": "f955311d5ec77a34e7a69854206a2dc5c78d74aef33614a121f51ecd05fa5222",
    "002_94b77fae4f7f1844.txt": "19c07260b0288efb85eab3fea705f966b565427505ba47b216e2eca768850371",
    "003_23eab844e1df8e83.txt": "1a72accb064477af865fd7ee9d9d82aaa9f9e9e83a0b1b1af11e2551d9bd0b49",
    "004_ae5a2643afd8b060.txt": "816501d5b11a816d765ab6ea4c8e34b85009a2f1231a97c864d381bba41f9dce",
}


def test_bundled_corpus_has_five_articles_with_titles(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert corpus.problems == ()
    assert [a.article.source_id for a in corpus.articles] == [
        "rapid-relief",
        "promising-solution",
        "what-is-ketamine-treatment",
        "alleviate-symptoms",
        "right-option",
    ]
    titles = {a.article.source_id: a.article for a in corpus.articles}
    assert (
        titles["alleviate-symptoms"].title == "How Ketamine Can Help Alleviate Depression Symptoms"
    )
    # The two articles without a title line carry a derived title and say so.
    assert titles["rapid-relief"].title_derived and titles["right-option"].title_derived
    assert not titles["promising-solution"].title_derived
    assert titles["rapid-relief"].display_title.endswith("(derived title)")


def test_articles_are_stored_unchanged(corpus_dir: Path) -> None:
    import hashlib

    articles = load_corpus(corpus_dir).articles
    assert {a.article.origin for a in articles} == set(SEED_SHA256)
    for segmented in articles:
        digest = hashlib.sha256(Path(segmented.article.file).read_bytes()).hexdigest()
        assert digest == SEED_SHA256[segmented.article.origin]


def test_every_passage_is_an_exact_slice_of_its_file(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert len(corpus.passages) > 40
    for segmented in corpus.articles:
        file_text = Path(segmented.article.file).read_text(encoding="utf-8")
        for passage in segmented.passages:
            assert passage.text == file_text[passage.start : passage.end]
            assert passage.text == passage.text.strip()
            for span in split_sentences(passage.text, passage.start):
                assert file_text[span.start : span.end].strip() == file_text[span.start : span.end]


def test_no_passage_contains_site_boilerplate(corpus_dir: Path) -> None:
    for passage in load_corpus(corpus_dir).passages:
        for furniture in ("Also check", "To top", "Related Article", "Capturing madness"):
            assert furniture not in passage.text
        assert passage.text != "Mental Health"


def test_passage_ids_are_unique_and_readable(corpus_dir: Path) -> None:
    ids = [p.passage_id for p in load_corpus(corpus_dir).passages]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+:[a-z0-9-]+:\d+", i) for i in ids)
    assert "alleviate-symptoms:side-effects-and-safety-concerns:1" in ids


def test_headings_become_sections(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    sections = [s.title for s in corpus.article("alleviate-symptoms").article.sections]
    assert sections[:3] == [
        "Introduction",
        "What is Ketamine?",
        "The Rise of Ketamine for Depression",
    ]
    assert "Side Effects and Safety Concerns" in sections
    # An article with no headings at all has one section for its whole text.
    assert [s.title for s in corpus.article("rapid-relief").article.sections] == ["Main text"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Also check Capturing madness: 8 portraitures of life in Bedlam asylum", "link-farm"),
        ("Related Article Exploring the Potential of Ketamine", "related-article"),
        ("To top", "to-top"),
        ("  To top  ", "to-top"),
    ],
)
def test_boilerplate_rules_match_site_furniture(line: str, rule: str) -> None:
    assert is_boilerplate(line, first_line=False) == rule


def test_category_label_is_removed_only_as_the_first_line() -> None:
    assert is_boilerplate("Mental Health", first_line=True) == "category-label"
    assert is_boilerplate("Mental Health", first_line=False) is None


@pytest.mark.parametrize(
    "line",
    [
        "Depression is a global mental health crisis that affects millions of individuals.",
        "Also, check with your doctor before starting.",  # "Also," is not the link farm
        "Also check with your doctor before you stop taking any antidepressant.",
        "Also check Your Doctor's Advice Before You Stop.",  # ends like a sentence
        "Related articles in medical journals report bladder problems.",
        "Topical treatments are different.",
    ],
)
def test_boilerplate_rules_leave_real_sentences(line: str) -> None:
    assert is_boilerplate(line, first_line=False) is None


def test_every_rule_has_a_name() -> None:
    assert len({r.name for r in BOILERPLATE_RULES}) == len(BOILERPLATE_RULES)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("How Does Ketamine Work?", True),
        ("Mechanism of Action", True),
        ("Ketamine is typically given intravenously in a controlled medical setting.", False),
        ("the brain than traditional antidepressants", False),  # a wrapped line starts lower-case
    ],
)
def test_heading_detection(line: str, expected: bool) -> None:
    assert is_heading_like(line) is expected


def test_hard_wrapped_plain_text_is_one_paragraph() -> None:
    text = (
        "Title Line\n\nThis paragraph is wrapped\nacross several lines because\nan editor did it.\n"
        "Disclaimer: This article serves as general information\nand should not be used alone.\n"
    )
    blocks = find_blocks(text, markdown=False)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert text[blocks[1].start : blocks[1].end].endswith("an editor did it.")
    assert text[blocks[2].start : blocks[2].end].startswith("Disclaimer:")


def test_markdown_front_matter_title_and_headings(tmp_path: Path) -> None:
    text = (
        "---\ntitle: My [bold]Notes[/bold]\n---\n# Heading One\n\nSome text here.\n\n"
        "## Part Two\n\nMore text.\n"
    )
    path = write_articles(tmp_path, {"a.md": text}) / "a.md"
    segmented = segment(ArticleSource("a", path), text)
    assert segmented.article.title == "My [bold]Notes[/bold]"
    # Front matter names the article, so its first heading heads a section, not the article.
    assert [p.section for p in segmented.passages] == ["Heading One", "Part Two"]
    for p in segmented.passages:
        assert text[p.start : p.end] == p.text


def test_a_heading_repeating_the_front_matter_title_is_the_title_line(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Sleep and Rest\n---\n# *Sleep* and rest.\n\nSome text.\n\n## Naps\n\nShort.\n"
    )
    path = write_articles(tmp_path, {"a.md": text}) / "a.md"
    segmented = segment(ArticleSource("a", path), text)
    assert segmented.article.title == "Sleep and Rest"
    assert [p.section for p in segmented.passages] == ["Introduction", "Naps"]


def test_long_paragraph_is_split_at_sentences(tmp_path: Path) -> None:
    sentence = "Ketamine was studied again in a long trial with many patients. "
    text = "Heading\n\n" + sentence * 40 + "\n"
    path = write_articles(tmp_path, {"long.txt": text}) / "long.txt"
    passages = segment(ArticleSource("long", path), text).passages
    assert len(passages) > 2
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith(".") for p in passages)
    assert "".join(p.text for p in passages).replace(" ", "") == (sentence * 40).replace(" ", "")


def test_sentence_splitting_keeps_abbreviations_together() -> None:
    text = "Dr. Smith gave it, e.g. by IV. It worked within hours! Did it last? Yes."
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces == [
        "Dr. Smith gave it, e.g. by IV.",
        "It worked within hours!",
        "Did it last?",
        "Yes.",
    ]


def _quadratic_split(text: str) -> list[tuple[int, int]]:
    """The sentence splitter as it was before it was made linear (the reference)."""
    from ketamine_tui.sentences import _ABBREVIATIONS

    boundary = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
    spans, start = [], 0
    for match in boundary.finditer(text):
        word = re.search(r"([\w.]+)$", text[start : match.start()])
        if (
            word
            and match.group().startswith(".")
            and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1)
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trimmed.append((a + lead, a + lead + len(piece.strip())))
    return trimmed


_SENTENCE_PARTS = st.sampled_from(
    [*"aAzZ09_é٣.!?…\"'”’)]“‘([ \n\t\u00a0", "e.g", "Dr", "U.S", "i.e", "etc", "\r\n"]
)


@given(st.lists(_SENTENCE_PARTS, max_size=60).map("".join))
def test_sentence_boundaries_are_those_of_the_quadratic_splitter(text: str) -> None:
    assert [(s.start, s.end) for s in split_sentences(text)] == _quadratic_split(text)


def test_sentence_boundaries_of_the_bundled_articles_are_unchanged(corpus_dir: Path) -> None:
    for path in sorted((corpus_dir / "articles").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert [(s.start, s.end) for s in split_sentences(text)] == _quadratic_split(text)


def test_an_article_of_a_million_initials_is_segmented(tmp_path: Path) -> None:
    # "A. A. A. …": no dot is a boundary, and each one made the splitter search back to the
    # last boundary (60 KB took 24 s, a megabyte would take hours). Run in a subprocess whose
    # timeout, far above the seconds it takes, stops a hang (the speed is in the benchmarks).
    import subprocess
    import sys

    text = "Initials\n\n" + "A. " * 349_521
    write_articles(tmp_path, {"initials.txt": text})
    code = (
        "import sys\n"
        "from ketamine_tui.corpus import load_corpus\n"
        "article = load_corpus(sys.argv[1]).articles[0]\n"
        "text = open(article.article.file, encoding='utf-8').read()\n"
        "assert all(text[p.start:p.end] == p.text for p in article.passages)\n"
        "print(len(article.passages), sum(len(p.text) for p in article.passages))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    passages, characters = map(int, done.stdout.split())
    assert passages > 800  # cut at white space, at most MAX_PASSAGE_CHARS each
    assert characters >= len(text.strip()) - len("Initials") - 2 * passages


def test_folder_without_manifest_uses_every_text_file(tmp_path: Path) -> None:
    write_articles(
        tmp_path, {"b.md": "# Bee\n\nBees make honey.\n", "a.txt": "Ants\n\nAnts dig.\n"}
    )
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["a", "b"]
    assert [a.article.title for a in corpus.articles] == ["Ants", "Bee"]


def test_missing_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "nope")


def test_malformed_manifest_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text('[[article]]\nid = "a"\nfile = \n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sources\.toml: invalid TOML: .*line 3"):
        load_corpus(tmp_path)


def test_malformed_toml_at_the_end_of_the_file_names_the_last_line(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text('[[article]]\nid = "a"\nfile =', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sources\.toml: invalid TOML: .*line 3"):
        load_corpus(tmp_path)


def test_a_malformed_optional_synonyms_file_is_a_warning(tmp_path: Path) -> None:
    write_articles(tmp_path, {"articles/good.txt": "Good\n\nA fine article about ketamine.\n"})
    (tmp_path / "synonyms.toml").write_text("groups = [\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["good"]
    assert corpus.synonyms.groups == ()
    assert len(corpus.problems) == 1
    assert "synonyms.toml: invalid TOML" in corpus.problems[0]
    assert corpus.problems[0].endswith("searching without synonyms")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_dangling_link_or_a_pipe_named_like_an_article_is_reported(tmp_path: Path) -> None:
    write_articles(
        tmp_path,
        {
            "good.md": "# Good\n\nA fine article about ketamine.\n",
            "folder.txt/inner.md": "# Inner\n\nAn article in a folder named like an article.\n",
        },
    )
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    os.mkfifo(tmp_path / "pipe.txt")
    corpus = load_corpus(tmp_path)
    assert sorted(a.article.source_id for a in corpus.articles) == ["good", "inner"]
    assert sorted(Path(p.split(":")[0]).name for p in corpus.problems) == ["gone.md", "pipe.txt"]
    assert all(
        p.endswith("not a readable file (a link to nothing, a pipe); skipped")
        for p in corpus.problems
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_a_folder_listed_in_the_manifest_is_skipped_not_opened(tmp_path: Path) -> None:
    # Opening a named pipe waits for a writer: every command would hang. A subprocess, so that
    # a hang fails the test instead of stopping the run.
    import subprocess

    from conftest import CONSOLE_SCRIPT

    write_articles(tmp_path, {"articles/good.txt": "Good\n\nA fine article about ketamine.\n"})
    os.mkfifo(tmp_path / "articles" / "pipe.txt")
    (tmp_path / "articles" / "folder.md").mkdir()
    (tmp_path / "sources.toml").write_text(
        "\n".join(
            f'[[article]]\nid = "{name}"\nfile = "articles/{file}"\n'
            for name, file in [("pipe", "pipe.txt"), ("folder", "folder.md"), ("good", "good.txt")]
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "--corpus", str(tmp_path), "sources", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [a["source_id"] for a in json.loads(done.stdout)] == ["good"]
    articles = tmp_path.resolve() / "articles"
    assert done.stderr.splitlines() == [
        f"ketamine-tui: warning: {articles / name}: not a regular file (a pipe, a device or a "
        "folder); skipped"
        for name in ("pipe.txt", "folder.md")
    ]


def test_bad_files_are_skipped_with_a_problem_each(tmp_path: Path) -> None:
    write_articles(tmp_path, {"articles/good.txt": "Good\n\nA fine article about ketamine.\n"})
    (tmp_path / "articles" / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    (tmp_path / "articles" / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "articles" / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "sources.toml").write_text(
        "\n".join(
            f'[[article]]\nid = "{name}"\nfile = "articles/{name}.txt"\n'
            for name in ("good", "latin1", "empty", "binary", "missing", "good")
        ),
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["good"]
    problems = "\n".join(corpus.problems)
    assert "latin1.txt: not UTF-8" in problems
    assert "empty.txt: empty" in problems
    assert "binary.txt: binary file" in problems
    assert "missing.txt: file not found" in problems
    assert "duplicate id 'good'" in problems


def test_no_usable_article_is_an_error_naming_the_first_problem(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CorpusError, match=r"no usable article .*only\.txt"):
        load_corpus(tmp_path)


def test_invalid_manifest_id_is_rejected(tmp_path: Path) -> None:
    write_articles(tmp_path, {"a.txt": "A\n\nText.\n"})
    (tmp_path / "sources.toml").write_text(
        '[[article]]\nid = "Bad Id!"\nfile = "a.txt"\n', encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="'id' must be"):
        load_corpus(tmp_path)


def test_corpus_files_are_never_written(corpus_copy: Path) -> None:
    before = {
        p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus_copy.rglob("*") if p.is_file()
    }
    load_corpus(corpus_copy)
    after = {
        p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus_copy.rglob("*") if p.is_file()
    }
    assert before == after


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_byte_order_mark_and_crlf(tmp_path: Path, suffix: str) -> None:
    title = "# Title Line" if suffix == ".md" else "Title Line"
    raw = f"\ufeff{title}\r\n\r\nFirst paragraph here.\r\n\r\nSecond one.\r\n"
    (tmp_path / f"a{suffix}").write_bytes(raw.encode("utf-8"))
    corpus = load_corpus(tmp_path)
    segmented = corpus.articles[0]
    assert segmented.article.title == "Title Line"
    text = (tmp_path / f"a{suffix}").read_text(encoding="utf-8")
    assert [p.text for p in segmented.passages] == ["First paragraph here.", "Second one."]
    assert all(text[p.start : p.end] == p.text for p in segmented.passages)


def test_manifest_entries_must_be_article_files_listed_once(tmp_path: Path) -> None:
    write_articles(
        tmp_path,
        {
            "a.txt": "A\n\nAlpha text.\n",
            ".hidden/b.txt": "B\n\nBeta text.\n",
            "c.text": "C\n\nGamma.\n",
        },
    )
    (tmp_path / "sources.toml").write_text(
        "\n".join(
            f'[[article]]\nid = "{i}"\nfile = "{f}"\n'
            for i, f in [
                ("a", "a.txt"),
                ("b", ".hidden/b.txt"),
                ("c", "c.text"),
                ("again", "./a.txt"),
            ]
        ),
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["a"]
    problems = "\n".join(corpus.problems)
    assert ".hidden/b.txt must be a" in problems and "c.text must be a" in problems
    assert "./a.txt is already listed" in problems


def test_a_link_to_a_file_outside_the_corpus_is_skipped(tmp_path: Path) -> None:
    outside = write_articles(tmp_path / "outside", {"secret.txt": "Secret\n\nNot part of it.\n"})
    corpus_dir = write_articles(tmp_path / "corpus", {"a.txt": "A\n\nAlpha text.\n"})
    (corpus_dir / "link.txt").symlink_to(outside / "secret.txt")
    corpus = load_corpus(corpus_dir)
    assert [a.article.source_id for a in corpus.articles] == ["a"]
    assert any("link.txt: links outside the corpus folder" in p for p in corpus.problems)


def _nest(folder: Path, depth: int) -> Path:
    """`depth` nested folders below `folder` (made one by one: os.makedirs recurses)."""
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    return folder


def _remove_nested(folder: Path, depth: int) -> None:
    """Remove what `_nest` made, innermost first (shutil.rmtree recurses too)."""
    paths = [folder]
    for _ in range(depth):
        paths.append(paths[-1] / "d")
    for path in reversed(paths[1:]):
        for child in path.iterdir():
            child.unlink()
        path.rmdir()


@pytest.mark.parametrize("manifest", [False, True], ids=["found", "listed"])
def test_folders_nested_a_thousand_deep_are_not_walked(tmp_path: Path, manifest: bool) -> None:
    from ketamine_tui.corpus_files import MAX_FOLDER_DEPTH, fingerprint

    write_articles(tmp_path, {"a.txt": "A\n\nAlpha text about ketamine.\n"})
    if manifest:
        (tmp_path / "sources.toml").write_text(
            '[[article]]\nid = "a"\nfile = "a.txt"\n', encoding="utf-8"
        )
    deepest = _nest(tmp_path, 980)
    (deepest / "lost.txt").write_text("Lost\n\nToo deep to be found.\n", encoding="utf-8")
    try:
        before = fingerprint(tmp_path)
        corpus = load_corpus(tmp_path)
        assert [a.article.source_id for a in corpus.articles] == ["a"]
        too_deep = tmp_path.joinpath(*["d"] * (MAX_FOLDER_DEPTH + 1))
        expected = (
            []
            if manifest
            else [
                f"{too_deep}: more than {MAX_FOLDER_DEPTH} folders deep; not searched for articles"
            ]
        )
        assert list(corpus.problems) == expected
        (deepest / "lost.txt").write_text("Changed\n\nStill too deep.\n", encoding="utf-8")
        assert fingerprint(tmp_path) == before  # what is not searched is not part of the corpus
    finally:
        _remove_nested(tmp_path, 980)


def test_an_article_at_the_deepest_searched_folder_is_found(tmp_path: Path) -> None:
    from ketamine_tui.corpus_files import MAX_FOLDER_DEPTH

    deepest = _nest(tmp_path, MAX_FOLDER_DEPTH)
    (deepest / "deep.txt").write_text("Deep\n\nFound at the bottom.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["deep"] and corpus.problems == ()


def test_a_folder_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root reads any folder (the failing-disk cases run as root too)")
    write_articles(tmp_path, {"a.txt": "A\n\nAlpha text.\n", "locked/b.txt": "B\n\nBeta text.\n"})
    (tmp_path / "locked").chmod(0)
    try:
        corpus = load_corpus(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert [a.article.source_id for a in corpus.articles] == ["a"]
    assert list(corpus.problems) == [
        f"{tmp_path / 'locked'}: cannot read the folder (Permission denied); articles in it are "
        "skipped"
    ]


def _failing_to_list(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing `folder` fail as on a failing disk (EIO), which root meets too."""
    import errno

    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)).resolve() == folder.resolve():  # type: ignore[arg-type]
            raise OSError(errno.EIO, os.strerror(errno.EIO), os.fsdecode(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_the_disk_fails_to_list_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketamine_tui.corpus_files import fingerprint

    write_articles(tmp_path, {"a.txt": "A\n\nAlpha text.\n", "failing/b.txt": "B\n\nBeta text.\n"})
    _failing_to_list(monkeypatch, tmp_path / "failing")
    assert fingerprint(tmp_path)
    corpus = load_corpus(tmp_path)
    assert [a.article.source_id for a in corpus.articles] == ["a"]
    assert list(corpus.problems) == [
        f"{tmp_path / 'failing'}: cannot read the folder ({os.strerror(5)}); articles in it "
        "are skipped"
    ]


def test_a_corpus_folder_that_cannot_be_read_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_cli import run

    write_articles(tmp_path, {"a.txt": "A\n\nAlpha text about ketamine.\n"})
    _failing_to_list(monkeypatch, tmp_path)
    code, out, err = run(capsys, "--corpus", str(tmp_path), "search", "ketamine")
    assert (code, out) == (3, "")
    assert err == (
        f"ketamine-tui: error: cannot read the corpus folder {tmp_path.resolve()}: "
        f"{os.strerror(5)}\n"
    )
