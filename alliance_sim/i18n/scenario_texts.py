"""A scenario's texts in the reader's language: the same loaded scenario, with every text a
student reads (titles, summaries, questions, explanations, labels, names, notes) replaced by
its translation from the `scenarios` catalogue, `source:` left as written.

Why catalogues and not per-language fields in the YAML: a translator then works in one tool
(Poedit, Weblate) on one file per language, with the same completeness and blank checks as
the page's words; the scenario schema, its loader and its error messages stay as they are; a
scenario file a teacher uploads in any language needs nothing new; and a text that changes in
English is marked for review in every language at the next update (`#, fuzzy`), where a YAML
field would silently keep the old translation.
"""

from __future__ import annotations

from pydantic import BaseModel

from alliance_sim.i18n import DEFAULT, _, current

TEXT_FIELDS = frozenset(
    {"title", "summary", "label", "no_agreement_label", "explanation", "question", "note",
     "name", "agreement_means", "news"}
)  # fmt: skip
"""The fields whose values students read (the catalogue command extracts the same keys)."""


def in_language(model, lang: str | None = None):
    """`model` (a scenario, campaign, issue, ...) with its texts in the current language; the
    model itself in English."""
    if (lang or current()) == DEFAULT:
        return model
    return _translated(model)


def _translated(value):
    if isinstance(value, BaseModel):
        update = {}
        for field in type(value).model_fields:
            old = getattr(value, field)
            if field in TEXT_FIELDS and isinstance(old, str):
                new = _(old.strip()) if old.strip() else old
            else:
                new = _translated(old)
            if new is not old:
                update[field] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, dict):
        items = {key: _translated(item) for key, item in value.items()}
        changed = any(items[key] is not value[key] for key in value)
        return type(value)(items) if changed else value
    if isinstance(value, list | tuple) and not isinstance(value, str):
        items = [_translated(item) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return type(value)(items) if changed else value
    return value
