"""Every parameter is traceable to the article, in our own words."""

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from sim.scenario.loader import builtin_dir

ARTICLE = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_25bf7ce2696fefda.txt"
FILES = sorted(builtin_dir().rglob("*.yaml"))


def sources(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "entry_lag_source"):
                yield value
            else:
                yield from sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from sources(item)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sources_cite_existing_notes_or_external_references(path):
    tree = YAML(typ="safe").load(path.read_text())
    cited = list(sources(tree))
    assert cited or "view_of" in tree, f"{path.name} has no sources"  # a view holds no values
    for source in cited:
        if source.startswith("external:"):
            continue
        notes = [int(n) for n in re.findall(r"\b(\d{1,2})\b", source.split(":")[0])]
        assert notes and all(1 <= n <= 71 for n in notes), source


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article lives in ../shared beside the repo")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_source_copies_eight_words_of_the_article(path):
    article = words(ARTICLE.read_text(encoding="utf-8"))
    shingles = {tuple(article[i : i + 8]) for i in range(len(article) - 7)}
    for source in sources(YAML(typ="safe").load(path.read_text())):
        text = words(source)
        copied = [
            " ".join(text[i : i + 8])
            for i in range(len(text) - 7)
            if tuple(text[i : i + 8]) in shingles
        ]
        assert not copied, f"{path.name}: copies the article: {copied[0]!r}"
