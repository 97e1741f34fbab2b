"""The catalogues in one command: extract every English text, update each language's `.po`
and compile the `.mo` the package reads (`python -m alliance_sim.i18n.catalogues`; `--check`
only reports what is missing, as the test suite does).

Texts come from three places, all English, the source language:
- the code: `_()`, `ngettext()`, `pgettext()` and `N_()` calls (Babel's Python extractor);
- catalogue modules of constants (`alliance_sim.web.content.words`): every string of their
  `_SOURCE`, so the constants need no marker each;
- the built-in scenario and exercise files: the texts a student reads (titles, summaries,
  questions, explanations, labels, names, notes), never `source:` (it cites the article as
  written). A scenario text is translated where it is shown, by the same catalogue.
The `.mo` files are committed, not built at install: `pip install .` then needs neither Babel's
command line nor a build hook, and a test checks they match the `.po`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from alliance_sim.i18n import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR, SCENARIO_DOMAIN

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("alliance_sim", "analysis")
CATALOGUE_MODULES = (
    "alliance_sim.web.content.words",
    "alliance_sim.web.content.class_words",
)
SCENARIO_DIR = PACKAGE_ROOT / "scenarios"
SCENARIO_TEXT_KEYS = frozenset(
    {"title", "summary", "label", "no_agreement_label", "explanation", "question", "note",
     "name", "agreement_means", "news"}
)  # fmt: skip
"""The keys of a scenario file whose values students read, so translators translate them."""
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
MACHINE_NOTE = (
    "MACHINE-ASSISTED TRANSLATION: drafted with a translation tool and checked for terms\n"
    "against glossary.md beside this file; a teacher should review it before class."
)
_BLANK = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z_0-9.]*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def blanks(text: str) -> list[str]:
    """The named `str.format` blanks of a text (`{date:%d %b}` -> `date`), sorted."""
    return sorted(match.group(1) or "" for match in _BLANK.finditer(text))


OPTIONAL_BLANKS = frozenset({"s"})
"""Blanks a translation may leave out: `{s}`, the English plural ending of a counted word."""


def blanks_match(english: list[str], translated: list[str]) -> bool:
    """The translation fills the English blanks, each once, and no others (a date's format may
    differ; an English-only blank such as the plural `{s}` may be left out)."""
    wanted = [blank for blank in english if blank not in OPTIONAL_BLANKS]
    kept = [blank for blank in translated if blank not in OPTIONAL_BLANKS]
    extra = set(translated) - set(english)
    return sorted(set(wanted)) == sorted(set(kept)) and not extra


def _code_messages() -> Iterator[tuple[str, str | tuple, int]]:
    for folder in CODE_DIRS:
        for filename, line, message, _comments, _context in extract_from_dir(
            PACKAGE_ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            yield f"{folder}/{filename}", message, line


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _catalogue_module_messages() -> Iterator[tuple[str, str, int]]:
    for name in CATALOGUE_MODULES:
        module = importlib.import_module(name)
        where = name.replace(".", "/") + ".py"
        for key, value in module._SOURCE.items():
            for text in _strings(value):
                if text.strip():
                    yield f"{where}:{key}", text, 0


def _mechanism_messages() -> Iterator[tuple[str, str, int]]:
    """The words each mechanism class explains itself in (`sim.scenario.mechanisms`), those in
    which it tells why it keeps a deal closed (`blocking_words`) and names its settings
    (`parameter_words`, in what an exercise changes)."""
    from sim.scenario import mechanisms

    for name, kind in sorted(vars(mechanisms).items()):
        if not (isinstance(kind, type) and issubclass(kind, mechanisms.Mechanism)):
            continue
        for attribute in ("title", "explanation", "what_it_does"):
            text = kind.__dict__.get(attribute)
            if isinstance(text, str) and text.strip():
                yield f"sim/scenario/mechanisms.py:{name}.{attribute}", text, 0
        for group in ("blocking_words", "parameter_words"):
            for key, text in kind.__dict__.get(group, {}).items():
                yield f"sim/scenario/mechanisms.py:{name}.{group}.{key}", text, 0


def scenario_texts(data, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) of every student-read text in a scenario file's data, `source` left out."""
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{where}.{key}" if where else str(key)
            if key in SCENARIO_TEXT_KEYS and isinstance(value, str) and value.strip():
                yield path, value.strip()
            elif key != "source":
                yield from scenario_texts(value, path)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from scenario_texts(item, f"{where}[{index}]")


def _scenario_messages() -> Iterator[tuple[str, str, int]]:
    from ruamel.yaml import YAML

    from sim.scenario.structure import Issue

    default = Issue.model_fields["no_agreement_label"].default  # shown where a file has none
    yield "sim/scenario/structure.py", default, 0
    yaml = YAML(typ="safe")
    for path in sorted(SCENARIO_DIR.rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for _where, text in scenario_texts(data):
            yield path.relative_to(PACKAGE_ROOT).as_posix(), text, 0


def template(domain: str = DOMAIN) -> Catalog:
    """Every English text the package shows (`DOMAIN`: the code's; `SCENARIO_DOMAIN`: the
    built-in scenario files'), as one template catalogue."""
    catalog = Catalog(project="alliance-sim", domain=domain, fuzzy=False,
                      creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # fmt: skip
    found = (
        [*_code_messages(), *_catalogue_module_messages(), *_mechanism_messages()]
        if domain == DOMAIN
        else list(_scenario_messages())
    )
    for where, message, line in found:
        catalog.add(message, locations=[(where, line)], flags=("python-brace-format",)
                    if isinstance(message, str) and blanks(message) else ())  # fmt: skip
    return catalog


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(lang: str, domain: str = DOMAIN) -> Catalog:
    with po_path(lang, domain).open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def update(lang: str, pot: Catalog) -> Catalog:
    """The language's catalogue with the template's texts: new ones untranslated, gone ones
    dropped (kept as obsolete in the file), changed ones marked fuzzy for review."""
    path = po_path(lang, pot.domain)
    if path.exists():
        catalog = read(lang, pot.domain)
    else:
        catalog = Catalog(locale=lang, domain=pot.domain, project="alliance-sim", fuzzy=False)
        catalog.header_comment = f"# {LANGUAGES[lang]} translation of alliance-sim.\n# " + (
            MACHINE_NOTE.replace("\n", "\n# ")
        )
    catalog.update(pot, update_header_comment=False)
    catalog.fuzzy = False
    catalog.obsolete.clear()
    for message in catalog:
        # a reviewed translation needs no record of the English it was matched from: Babel
        # reads a written `#| msgid` back as a comment `# | msgid`, which piled up at each run
        message.user_comments = [c for c in message.user_comments if not c.startswith("| msgid")]
        if not message.fuzzy:
            message.previous_id = []
    return catalog


def write(lang: str, catalog: Catalog) -> None:
    """The `.po` (sorted by source file, as a translator reads them) and its compiled `.mo`."""
    path = po_path(lang, catalog.domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # stable files in git
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, include_previous=True)
    with path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def compiled(lang: str, domain: str = DOMAIN) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(lang, domain), use_fuzzy=False)
    return buffer.getvalue()


def problems(lang: str, pot: Catalog) -> list[str]:
    """What keeps a language from being complete: texts of the template it lacks, fuzzy or
    empty translations, blanks that differ from the English, Babel's own checks, and a `.mo`
    that is not the `.po` compiled."""
    catalog = read(lang, pot.domain)
    found = [f"{lang}: missing: {m.id!r}" for m in pot if m.id and m.id not in catalog]
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        texts = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(texts):
            found.append(f"{lang}: untranslated: {ids[0]!r}")
            continue
        for text in texts:
            if not blanks_match(blanks(ids[-1]), blanks(text)):
                found.append(f"{lang}: blanks {blanks(text)} != {blanks(ids[0])}: {ids[0]!r}")
        # Babel's checks (plural forms); its `%` placeholder check is ours above with `{}`:
        # these texts are `str.format` templates, where `%` is only text ("% of runs")
        found += [
            f"{lang}: {error}: {ids[0]!r}"
            for error in message.check(catalog)
            if "placeholders" not in str(error)
        ]
    mo = po_path(lang, pot.domain).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(lang, pot.domain):
        found.append(f"{lang}: {mo.name} is not the compiled .po: run the catalogues command")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliance_sim.i18n.catalogues",
                                     description=__doc__.splitlines()[0])  # fmt: skip
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    parser.add_argument("langs", nargs="*", help="languages (default: all shipped)")
    args = parser.parse_args(argv)
    langs = args.langs or [lang for lang in LANGUAGES if lang != DEFAULT]
    report = []
    for domain in (DOMAIN, SCENARIO_DOMAIN):
        pot = template(domain)
        for lang in langs:
            if not args.check:
                write(lang, update(lang, pot))
            found = problems(lang, pot)
            done = sum(1 for m in read(lang, domain) if m.id and m.string and not m.fuzzy)
            print(f"{lang} {domain}: {done} of {len(pot)} texts translated, {len(found)} problems")
            report += found
    for line in report[:50]:
        print("  " + line, file=sys.stderr)
    return 1 if report else 0


if __name__ == "__main__":
    raise SystemExit(main())
