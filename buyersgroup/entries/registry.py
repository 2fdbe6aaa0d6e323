"""The kinds of entry. Each app registers its kind once, in its AppConfig.ready().

A new kind of entry is: its model (a subclass of ``Entry``), its form, one
``register(EntryKind(...))``, its detail and form templates, and
``entry_urlpatterns(kind)`` in its urls. Everything else — the pages, the workflow,
revisions, documents, the review queue, the home page — comes from the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from django.db.models import QuerySet
from django.urls import reverse

from buyersgroup.core.paths import path_maker

_KINDS: dict[str, EntryKind] = {}


@dataclass(frozen=True)
class EntryKind:
    name: str  # the URL namespace and path prefix, e.g. "tenders"
    model: type
    form_class: type  # a ModelForm taking ``organisation=`` (the entry's organisation)
    detail_template: str
    form_template: str
    # prefix -> inline formset class for the kind's child rows (e.g. applied criteria)
    formsets: dict[str, type] = field(default_factory=dict)
    # Extra lookups for the detail and review pages: a function of a queryset.
    detail_queryset: Callable[[QuerySet], QuerySet] = lambda qs: qs
    # Extra context for the detail and review pages: a function of the entry.
    detail_context: Callable[[Any], dict] = lambda entry: {}
    # Extra context of the parts of the detail page that are kept (buyersgroup.entries.content),
    # computed only when they are rendered: a function of the entry, its related rows fetched.
    content_context: Callable[[Any], dict] = lambda entry: {}
    # What else those parts show that may change without the entry being saved (e.g. the tenders a
    # practice links to): a function of the entry's table name -> {name: SQL expression}.
    content_stamps: Callable[[str], dict] | None = None
    # "published tender(s)" for a count, with the kind's own plural forms (ngettext).
    published_label: Callable[[int], str] = lambda count: str(count)
    # One line on the home page.
    description: Any = ""
    # The lookup from the entry to the criteria it applies, for a criterion's reference page.
    criteria_path: str | None = None
    # The many-to-many field through which this kind links to tenders, if it does
    # (a tender's page lists the published entries that link to it).
    links_to_tenders: str | None = None
    # The kind's own pages besides the core's: about one entry, as visible as the entry itself
    # (e.g. "text"), and list-level pages besides "list" and "mine" (e.g. "suggest").
    extra_entry_pages: tuple[str, ...] = ()
    extra_list_pages: tuple[str, ...] = ()
    # "Start from this …": a new draft of the member's own, pre-filled from a published entry. A
    # function of that entry returning {"form": initial data, "formsets": {prefix: [initial rows]}};
    # the kind's model then has a ``started_from`` foreign key. None: the kind has no such action.
    start_from: Callable[[Any], dict] | None = None
    # Links on the coordination page to the kind's coordinator-only pages: (URL name, label).
    coordination_pages: tuple[tuple[str, Any], ...] = ()
    # Dotted path of the function that seeds this kind's demo entries (seed_demo), if any.
    demo_seeder: str = ""
    # Order in the navigation and on the home page.
    order: int = 100

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    @property
    def context_name(self) -> str:
        """The name of the entry in its own templates, e.g. ``tender``."""
        return self.model._meta.model_name

    @property
    def list_url(self) -> str:
        return reverse(f"{self.name}:list")

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.name}:{name}", args=args)

    def url_of(self, name: str):
        """A function pk -> the page ``name`` of that entry: reversed once, for the rows of a list."""
        return path_maker(f"{self.name}:{name}")

    def queryset(self) -> QuerySet:
        return self.model.objects.all()

    def make_formsets(self, data=None, *, instance, initial=None):
        """The kind's formsets; ``initial`` ({prefix: [row data]}) pre-fills new rows of an unbound form."""
        formsets = {}
        for prefix, formset_class in self.formsets.items():
            rows = (initial or {}).get(prefix) or []
            formset = formset_class(data, instance=instance, prefix=prefix, initial=rows or None)
            if rows:
                formset.extra = min(len(rows) + 1, formset.max_num)  # every pre-filled row, and one empty
            formsets[prefix] = formset
        return formsets


def register(kind: EntryKind) -> EntryKind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[EntryKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def get(name: str) -> EntryKind:
    return _KINDS[name]


def of(entry_or_model) -> EntryKind:
    model = entry_or_model if isinstance(entry_or_model, type) else type(entry_or_model)
    for kind in _KINDS.values():
        if kind.model is model:
            return kind
    raise LookupError(f"{model.__name__} is not a registered kind of entry")
