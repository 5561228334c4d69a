"""The explorer's bookmarks and exports: b bookmarks, e exports the answer, c copies it."""

from __future__ import annotations

from pathlib import Path

from ketamine_tui.export import answer_markdown
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.screens.explorer_base import ExplorerBase
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.topic_tree import TopicTree
from ketamine_tui.userdata import Bookmark, passage_bookmark


class BookmarkActions(ExplorerBase):
    """Bookmark the passage or question under the focus; remove bookmarks from the tree."""

    def on_topic_tree_remove_bookmark(self, message: TopicTree.RemoveBookmark) -> None:
        """Delete or x on a bookmark in the tree."""
        self._remove_bookmark(message.bookmark)

    def _bookmark_target(self) -> Bookmark | None:
        """What b bookmarks: the passage, question or bookmark under the focus, or the answer."""
        passages = self.query_one(PassageList)
        tree = self.query_one(TopicTree)
        if self.focused is passages:
            hit = passages.highlighted_hit()
            if hit is not None:
                return passage_bookmark(hit.title, hit.passage)
        elif self.focused is tree:
            data = tree.highlighted_data()
            if data is not None and data.kind == "bookmark":
                return data.bookmark
            if data is not None and data.kind == "question":
                return Bookmark("question", data.value, question=data.value)
            return None
        if self.last_answer is not None:
            question = self.last_answer.question
            return Bookmark("question", question, question=question)
        return None

    def action_bookmark(self) -> None:
        """Bookmark (or un-bookmark) the passage, question or bookmark under the focus."""
        mark = self._bookmark_target()
        if mark is None:
            self.notify("Highlight a passage or a question, or ask one, to bookmark it.")
            return
        added = self.userdata.toggle_bookmark(mark)
        self.refresh_user_branches()
        self.notify(("Bookmarked: " if added else "Bookmark removed: ") + one_line(mark.label))

    def _remove_bookmark(self, mark: Bookmark) -> None:
        if self.userdata.remove_bookmark(mark):
            self.notify("Bookmark removed: " + one_line(mark.label))
        tree = self.query_one(TopicTree)
        line = tree.cursor_line
        self.refresh_user_branches()
        tree.cursor_line = min(line, tree.last_line)


class ExportActions(ExplorerBase):
    """Save the answer as Markdown with footnote citations, or copy it (OSC 52)."""

    def action_export(self) -> None:
        """Write the current answer as Markdown with footnote citations; show where."""
        if self.last_answer is None:
            self.notify("Ask a question first: there is no answer to export.")
            return
        if self._stale():
            return
        path = export_path(self.userdata.folder, self.last_answer.question)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(answer_markdown(self.last_answer), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Answer saved to {path}", title="Exported", timeout=10)

    def action_copy(self) -> None:
        """Copy the current answer, with its citations, to the clipboard (OSC 52)."""
        if self.last_answer is None:
            self.notify("Ask a question first: there is no answer to copy.")
            return
        if self._stale():
            return
        self.app.copy_to_clipboard(answer_markdown(self.last_answer))
        self.notify("Answer copied with its citations.")

    def _stale(self) -> bool:
        """Whether the articles changed since the answer was found (then they are reopened).

        An export quotes offsets into the files: it must not come from text no longer there.
        """
        from ketamine_tui.tui.app import KetamineApp

        app = self.app
        if isinstance(app, KetamineApp) and (app.reopening or app.check_corpus()):
            self.notify(
                "The answer is being found again in the changed articles: export it once it shows.",
                severity="warning",
            )
            return True
        return False


def export_path(folder: Path, question: str) -> Path:
    """A new file name for an exported answer, made from the question and the time."""
    import time

    from ketamine_tui.manifest import slugify

    slug = slugify(question, "answer")[:48].rstrip("-")
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{slug}"
    path = folder / "exports" / f"{stem}.md"
    copy = 1
    while path.exists():  # two exports of one question in the same second
        copy += 1
        path = folder / "exports" / f"{stem}-{copy}.md"
    return path
