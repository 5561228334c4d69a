"""Site furniture: the lines of a saved web page that are not the article's text.

Each rule is named, removes a whole line and is tested on the lines it was written for; a line
that ends like a sentence is the author's text even when it starts like furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BoilerplateRule:
    """A named rule that removes a whole line of site furniture from an article."""

    name: str
    pattern: re.Pattern[str]
    first_line_only: bool = False
    # Site furniture is a run of titles; a line that ends like a sentence is the author's text.
    never_a_sentence: bool = False

    def matches(self, line: str) -> bool:
        """Whether the stripped line is boilerplate under this rule."""
        stripped = line.strip()
        if self.never_a_sentence and re.search(r"[.!?…][\"'”’)]*$", stripped):
            return False
        return bool(self.pattern.match(stripped))


BOILERPLATE_RULES: tuple[BoilerplateRule, ...] = (
    # "Also check <Title> <Title> <Title> ..." — a farm of links to unrelated articles.
    BoilerplateRule("link-farm", re.compile(r"^Also check [A-Z0-9“\"']"), never_a_sentence=True),
    # "Related Article <Title> <Title>" — a teaser for another article, inserted mid-text.
    BoilerplateRule(
        "related-article", re.compile(r"^Related Articles? [A-Z0-9“\"']"), never_a_sentence=True
    ),
    # "To top" — a back-to-top link.
    BoilerplateRule("to-top", re.compile(r"^(?:Back )?To top$", re.IGNORECASE)),
    # "Mental Health" — the site's category label printed above the title.
    BoilerplateRule(
        "category-label",
        re.compile(
            r"^(?:Mental Health|Health|Wellness|Lifestyle|News|Psychology|Medicine|Science)$",
            re.IGNORECASE,
        ),
        first_line_only=True,
    ),
)


def is_boilerplate(line: str, first_line: bool) -> str | None:
    """The name of the boilerplate rule a line matches, or None."""
    for rule in BOILERPLATE_RULES:
        if rule.first_line_only and not first_line:
            continue
        if rule.matches(line):
            return rule.name
    return None
