"""The command palette: ask what is typed, topics, questions, articles, the app's commands.

Textual's own commands (theme, keys, screenshot…) are listed apart, after them.

Topics, questions and articles match loosely: every word typed may match the start of a word of
the entry, in any order ("how is it given" finds "How it is given"), as well as Textual's fuzzy
letter matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ketamine_tui.safetext import one_line, plain

if TYPE_CHECKING:
    from ketamine_tui.tui.screens.explorer import ExplorerScreen

# The kinds of entry (their label's first word); Textual's commands come last, apart.
ASK = QUESTION = "Ask"
COMMAND, TOPIC, ARTICLE, TEXTUAL = "Command", "Topic", "Open", "Textual"
_WORD = re.compile(r"\w+")


class Entry(NamedTuple):
    """One line of the palette."""

    kind: str
    text: str
    callback: Callable[[], Any]
    help: str = ""

    @property
    def label(self) -> str:
        """ "Kind: text"."""
        return f"{self.kind}: {self.text}"


def words(text: str) -> list[str]:
    """The lower-case words of a text."""
    return _WORD.findall(text.casefold())


def loose_score(query: str, label: str) -> float:
    """How well the query's words match the starts of the label's words, in any order (0–1).

    1.0 when every word typed starts a word of the label; nothing below three-quarters counts.
    """
    wanted = words(query)
    have = words(label)
    if not wanted:
        return 0.0
    found = sum(1 for w in wanted if any(h.startswith(w) for h in have))
    share = found / len(wanted)
    return share if share >= 0.75 else 0.0


def _normal(text: str) -> str:
    """A question compared without case, spacing or its final punctuation."""
    return " ".join(words(text))


class ExplorerCommands(Provider):
    """Topics, questions and articles of the corpus, the app's commands, then Textual's."""

    def _screen(self) -> ExplorerScreen | None:
        from ketamine_tui.tui.screens.explorer import ExplorerScreen

        return next((s for s in self.app.screen_stack if isinstance(s, ExplorerScreen)), None)

    def _entries(self) -> list[Entry]:
        """Every entry except "Ask: what was typed", in the order they are listed."""
        screen = self._screen()
        if screen is None:
            return list(self._textual())
        entries = list(self._app_commands(screen))
        for root in screen.engine.topics:
            entries.append(Entry(TOPIC, one_line(root.title), partial(self._jump, screen, root)))
            for _topic, question in root.walk():
                entries.append(
                    Entry(QUESTION, one_line(question), partial(self._ask, screen, question))
                )
        for article in screen.engine.articles:
            entries.append(
                Entry(
                    ARTICLE,
                    one_line(article.display_title),
                    partial(self._open, screen, article.source_id),
                )
            )
        entries.extend(self._textual())
        return entries

    def _app_commands(self, screen: ExplorerScreen) -> Iterator[Entry]:
        """The app's own commands, one per key binding (their descriptions and tooltips)."""
        from ketamine_tui.tui.app import KetamineApp

        bindings = [(screen, b) for b in screen.BINDINGS if isinstance(b, Binding) and b.show] + [
            (self.app, b)
            for b in KetamineApp.BINDINGS
            if isinstance(b, Binding) and b.show and b.action != "quit"
        ]
        for target, binding in bindings:
            keys = self.app.get_key_display(Binding(binding.key.split(",")[0], ""))
            yield Entry(
                COMMAND,
                f"{binding.description} ({keys})",
                partial(self._run, screen, target, binding.action),
                binding.tooltip,
            )

    def _textual(self) -> Iterator[Entry]:
        """Textual's own commands (theme, keys, screenshot, quit…), listed apart."""
        for command in self.app.get_system_commands(self.screen):
            if command.discover:
                yield Entry(TEXTUAL, command.title, command.callback, command.help)

    @staticmethod
    def _back_to(screen: ExplorerScreen) -> None:
        while screen.app.screen is not screen and len(screen.app.screen_stack) > 1:
            screen.app.pop_screen()

    @classmethod
    def _ask(cls, screen: ExplorerScreen, question: str) -> None:
        from ketamine_tui.tui.messages import AskQuestion

        cls._back_to(screen)
        screen.post_message(AskQuestion(question))

    @classmethod
    def _open(cls, screen: ExplorerScreen, source_id: str) -> None:
        cls._back_to(screen)
        screen.open_reader(source_id)

    @classmethod
    def _run(cls, screen: ExplorerScreen, target: object, action: str) -> None:
        cls._back_to(screen)
        screen.call_later(screen.app.run_action, action, target)

    @classmethod
    def _jump(cls, screen: ExplorerScreen, topic: Any) -> None:
        from ketamine_tui.tui.widgets.topic_tree import TopicTree

        cls._back_to(screen)
        tree = screen.query_one(TopicTree)
        screen.tree_wanted = True
        tree.display = True
        node = tree.node_for("topic", topic.title)
        if node is not None:
            node.expand()
            tree.move_cursor(node)
            tree.focus()

    async def discover(self) -> Hits:
        """Every entry, for an empty palette: the app's commands first, Textual's last."""
        for entry in self._entries():
            yield DiscoveryHit(
                Content(entry.label), entry.callback, text=entry.label, help=entry.help
            )

    async def search(self, query: str) -> Hits:
        """ "Ask: <what was typed>" first, then the entries matching it, best first."""
        screen = self._screen()
        typed = plain(re.sub(r"^\s*ask\s*:", "", query, flags=re.IGNORECASE))
        entries = self._entries()
        questions = {_normal(e.text) for e in entries if e.kind == QUESTION}
        if screen is not None and len(typed) > 1 and _normal(typed) not in questions:
            label = f"{ASK}: {typed}"
            yield Hit(
                2.0,
                Content(label),
                partial(self._ask, screen, typed),
                text=label,
                help="Ask this question",
            )
        matcher = self.matcher(query)
        for entry in entries:
            label = entry.label
            fuzzy = matcher.match(label)
            loose = loose_score(query, entry.text)
            if not fuzzy and not loose:
                continue
            score = max(fuzzy, 0.95 * loose)
            if entry.kind == TEXTUAL:
                score *= 0.5  # after the app's own entries that match as well
            content = (
                _highlighted(matcher, label)
                if fuzzy >= loose
                else _words_highlighted(matcher, label, query)
            )
            yield Hit(score, content, entry.callback, text=label, help=entry.help)


def _highlighted(matcher: Matcher, label: str) -> Content:
    """The label with the matched letters styled; the label is text, never markup.

    (`Matcher.highlight` would parse it as markup.)
    """
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _words_highlighted(matcher: Matcher, label: str, query: str) -> Content:
    """The label with the starts of its words that the query's words match styled."""
    content = Content(label)
    wanted = words(query)
    for match in _WORD.finditer(label):
        word = match.group().casefold()
        best = max((len(w) for w in wanted if word.startswith(w)), default=0)
        if best:
            content = content.stylize(matcher.match_style, match.start(), match.start() + best)
    return content
