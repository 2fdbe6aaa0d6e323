"""One search, from the request's parameters to the rows: the page, the exports and the digests use it.

``Search(params, user)`` reads ``kind`` (all, tenders, practices), ``sort`` and the filter
set of the kind (buyersgroup.search.filters). Only published entries the reader may see
are ever searched (EntryQuerySet.published().visible_to()).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import partial

from django.conf import settings
from django.db import connection
from django.db.models import DecimalField, F, IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext as _, gettext_lazy

from buyersgroup import access
from buyersgroup.core.choices import generation
from buyersgroup.core.kept import kept
from buyersgroup.entries import changes, registry
from buyersgroup.entries import rows as entry_rows
from buyersgroup.search import query
from buyersgroup.search import rows as search_rows
from buyersgroup.search.facets import CPV, Facet, facet_counts
from buyersgroup.search.filters import FACETS, KIND_FILTERS, EntryFilter, other_kinds_filters
from buyersgroup.taxonomy.cpv import cpv_family

KINDS = ("all", "tenders", "practices")
SORTS = ("relevance", "newest", "oldest", "value")
# Above this many matches, ranking every one costs more than it is worth: newest first.
RANK_LIMIT = 5000
# The cache (buyersgroup.settings.CACHES) of the numbers of matches, facet counts and suggestions of
# searches, and the parameters that do not change them.
KEPT_COUNTS = "search_counts"
NOT_FILTERS = {"page", "page_size", "sort", "format", "partial"}
# What the page says of a filter of one kind when that kind is not searched alone.
ONLY_OF_KIND = {
    "tenders": gettext_lazy("The filter “%(filter)s” was not used: it applies to tenders only. "
                            "Show only tenders to use it."),
    "practices": gettext_lazy("The filter “%(filter)s” was not used: it applies to practices only. "
                              "Show only practices to use it."),
}


# Where a snippet was found (query.Snippet.source), as "In <source>:" names it.
SOURCES = {"title": gettext_lazy("title"), "summary": gettext_lazy("summary"),
           "criterion": gettext_lazy("criterion note"), "text": gettext_lazy("text"),
           "reference": gettext_lazy("reference"), "purchasing_body": gettext_lazy("central purchasing body"),
           "organisation": gettext_lazy("organisation"), "classification": gettext_lazy("classification")}


@dataclass
class Result:
    kind: str
    pk: int
    row: str  # what the entry shows, rendered (entries.rows.kept_rows)
    snippet: query.Snippet | None = None
    path: str = ""  # the entry's page, when the page's paths were made at once (Registered.url_of)

    @property
    def url(self) -> str:
        return self.path or registry.get(self.kind).url("detail", self.pk)

    @property
    def source_line(self) -> str:
        """"In <source>:", before the snippet (a document's name links to its row on the entry's page)."""
        return mark_safe(_("In %(source)s:") % {"source": conditional_escape(self.source_html)})

    @property
    def source_html(self) -> str:
        """The source, a document's linking to its row on the entry's page."""
        if self.snippet is not None and self.snippet.document_id:
            return format_html('<a href="{}#document-{}">{}</a>', self.url, self.snippet.document_id,
                               self.source_label)
        return self.source_label

    @property
    def source_label(self) -> str:
        if self.snippet is None:
            return ""
        if self.snippet.source == "document":
            if self.snippet.page:
                return _("%(name)s, page %(page)s") % {"name": self.snippet.name, "page": self.snippet.page}
            return self.snippet.name
        return str(SOURCES[self.snippet.source])


class NewestFirst:
    """The rows of several kinds, each already newest first (``Search.rows``), merged newest first as
    the UNION of the kinds would be ordered; a slice reads each kind's rows up to its end only."""

    def __init__(self, parts):
        self.parts = parts

    @staticmethod
    def _order(row):
        date = row["sort_date"]
        return (date is None, -date.toordinal() if date is not None else 0, row["kind_index"], -row["pk"])

    def count(self) -> int:
        return sum(part.count() for part in self.parts)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item:item + 1][0]
        start, stop = item.start or 0, item.stop
        rows = [row for part in self.parts for row in (part[:stop] if stop is not None else part)]
        return sorted(rows, key=self._order)[start:stop]


class KeptPages:
    """A search's rows (``Search.rows``) as its paginator slices them, each page kept by this app
    server until an entry changes, under the counts' key (``Search._count_key``) with the order
    and the page's place: the same page seen again (the back button, a reload, another member, a
    saved search opened) reads neither its matches nor their ranking."""

    def __init__(self, search):
        self.search = search

    def count(self) -> int:
        return self.search.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item:item + 1][0]
        self.search._ranked()  # the page says when the matches are not ranked, kept or not
        return self.search._kept(f"rows:{self.search.sort}:{item.start}:{item.stop}",
                                 lambda: self._read(item.start or 0, item.stop))

    def _read(self, start: int, stop: int) -> list[dict]:
        """The rows of one page. When they are one statement (``Search.statement_of``), it is compiled
        once for the search and kept with its counts: from one page to the next only its LIMIT and
        OFFSET change (building and compiling it again was 1.5 ms of a next page's CPU)."""
        built = []  # rows() built for its statement: not built again when it is not one (NewestFirst)

        def statement():
            built.append(self.search.rows())
            return self.search.statement_of(built[0])

        statement = self.search._kept(f"statement:{self.search.sort}", statement)
        if statement is None:
            return list((built[0] if built else self.search.rows())[start:stop])
        sql, params, names = statement
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT {stop - start:d} OFFSET {start:d}", params)
            return [dict(zip(names, row)) for row in cursor.fetchall()]


@dataclass
class Search:
    params: object  # a QueryDict
    user: object
    notes: list = field(default_factory=list)

    def __post_init__(self):
        self.kind = self.params.get("kind") if self.params.get("kind") in KINDS else "all"
        self.text = query.clean(self.params.get("q"))
        self.words = query.has_words(self.text)
        if self.text and not self.words:
            self.notes.append(_("Your words are too common to search for: everything is listed."))
        sort = self.params.get("sort")
        default = "relevance" if self.words else "newest"
        self.sort = sort if sort in SORTS else default
        if self.sort == "relevance" and not self.words:
            self.sort = "newest"
        if self.sort == "value" and self.kind == "practices":
            self.sort = "newest"
        self.filtersets = {
            name: (KIND_FILTERS[name] if self.kind == name else EntryFilter)(self.params, queryset=self._base(name))
            for name in (("tenders", "practices") if self.kind == "all" else (self.kind,))
        }
        self.form = next(iter(self.filtersets.values())).form
        if self.kind == "all":  # each kind's filter set is an EntryFilter of the same data: its form is validated once
            for filterset in self.filtersets.values():
                filterset._form = self.form
        # The filters whose value does not validate, each with what the page says of it: ignored.
        self.ignored = {}
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            self.ignored[name] = _("The filter “%(filter)s” was ignored: %(error)s") % {
                "filter": label, "error": " ".join(errors)}
            self.notes.append(self.ignored[name])
        self._note_other_kinds_filters()

    def _note_other_kinds_filters(self):
        """A filter of a kind not searched (a region ticked, then "Tenders and practices" chosen; a
        bookmark) is not used: the page says so rather than listing as if it were (``unused``, the
        parameter and the kind it filters: the API answers 400)."""
        self.unused = other_kinds_filters(self.params, self.form)
        for name, kind in self.unused.items():
            self.notes.append(ONLY_OF_KIND[kind] % {"filter": KIND_FILTERS[kind].base_filters[name].label})

    @property
    def kept_unused(self) -> list[tuple[str, str]]:
        """The values of the filters not used (``unused``), which the form carries unseen: back to the
        kind they filter, they apply again (a region ticked is not lost by a look at both kinds)."""
        return [(name, value) for name in self.unused for value in self.params.getlist(name) if value.strip()]

    def _base(self, name):
        return registry.get(name).model.objects.published().visible_to(self.user)

    def queryset(self, name):
        """The matching entries of one kind, ordered as asked (no ranking beyond RANK_LIMIT)."""
        queryset = self.filtersets[name].qs
        return self._ordered(name, queryset)

    def _ordered(self, name, queryset, *, ranked=True):
        date = "publication_date" if name == "tenders" else "published_at"
        queryset = queryset.annotate(
            sort_date=Coalesce(F(date), F("published_at__date")) if name == "tenders" else F("published_at__date"),
            sort_value=(Coalesce("awarded_value", "estimated_value") if name == "tenders"
                        else Value(None, output_field=DecimalField())),
        )
        if self.sort == "relevance" and ranked:
            return query.with_rank(queryset, self.text).order_by("-rank", "-published_at", "-pk")
        queryset = queryset.annotate(rank=Value(0.0))
        if self.sort == "oldest":
            return queryset.order_by(F("sort_date").asc(nulls_last=True), "pk")
        if self.sort == "value":
            return queryset.order_by(F("sort_value").desc(nulls_last=True), "-pk")
        return queryset.order_by(F("sort_date").desc(nulls_last=True), "-pk")

    def count(self) -> int:
        """How many entries match: read from the facets' statement when the page counted them;
        else kept by this app server until an entry of the kinds searched changes (``_count_key``)."""
        if not hasattr(self, "_count"):
            if hasattr(self, "_facets"):
                self._count = sum(total for _facets, total in self._facets.values())
            else:
                self._count = self._kept("count", lambda: sum(fs.every_match().count()
                                                              for fs in self.filtersets.values()))
        return self._count

    def _kept(self, what: str, make):
        """``make()``, kept by this app server under ``what`` and the counts' key (``_count_key``)
        until an entry of the kinds searched changes; made on each call when nothing is kept
        (``ENTRY_CONTENT_SECONDS`` 0: the key, which reads the entries' changes, is not read)."""
        if not settings.ENTRY_CONTENT_SECONDS:
            return make()
        key = f"{what}:{self._count_key()}"
        return kept(KEPT_COUNTS, {key: key}, lambda _missing: {key: make()})[key]

    def _count_key(self) -> str:
        """The words and filters asked for (not the page, sort or format), the kinds' changes so far
        (buyersgroup.entries.changes: an entry published, revised, archived, a document added or its
        text read) and the reference data's (core.choices.generation). The same for every member: a
        search only finds published entries."""
        if not hasattr(self, "_key"):
            asked = sorted((name, sorted(values)) for name, values in self.params.lists() if name not in NOT_FILTERS)
            stamp = (asked, self._changes(), generation(), access.is_member(self.user))
            self._key = hashlib.sha256(repr(stamp).encode()).hexdigest()
        return self._key

    def _changes(self) -> tuple[int, ...]:
        """The changes so far of each kind searched (buyersgroup.entries.changes), read once."""
        if not hasattr(self, "_stamp"):
            self._stamp = changes.stamp([registry.get(name).model for name in self.filtersets])
        return self._stamp

    def _ranked(self) -> bool:
        """Whether the matches are ranked: not when so many match that ranking them costs more than
        it is worth (RANK_LIMIT); the page then says so."""
        if not hasattr(self, "_is_ranked"):
            self._is_ranked = self.sort != "relevance" or self.count() <= RANK_LIMIT
            if not self._is_ranked:
                self.notes.append(_("So many entries match that they are listed newest first, not by relevance. "
                                    "Add words or filters to rank them."))
        return self._is_ranked

    def pages(self):
        """``rows()`` for the page's paginator, each page of rows kept like the counts (``KeptPages``)."""
        return KeptPages(self)

    def rows(self):
        """The (kind, pk) rows over every kind searched, in order, for a paginator: a queryset, or the
        kinds' rows merged (``NewestFirst``) when so many match that they are listed newest first."""
        ranked = self._ranked()
        parts = []
        for index, name in enumerate(self.filtersets):
            filterset = self.filtersets[name]
            if not ranked and self._kind_count(name) > RANK_LIMIT:
                # So many of this kind match that its newest-first index finds a page's first (query.matching)
                with filterset.words_matched_by(query.IN_ROW):
                    queryset = filterset.queryset_without()
            elif ranked and self.sort == "relevance":
                queryset = filterset.every_match()  # every match is read to rank it
            else:
                queryset = filterset.qs
            queryset = self._ordered(name, queryset, ranked=ranked)
            parts.append(queryset.annotate(kind_index=Value(index, output_field=IntegerField()))
                         .values("pk", "kind_index", "rank", "sort_date", "sort_value", "updated_at", "status"))
        if len(parts) == 1:
            return parts[0]
        if not ranked or self.sort == "newest":
            # PostgreSQL sorts every row of a UNION of the kinds (the search page as it opens: 110,000
            # rows, 47 ms): each kind's newest rows, read from its newest-first index, merged here.
            return NewestFirst(parts)
        order = {"relevance": ("-rank", "-sort_date"), "oldest": (F("sort_date").asc(nulls_last=True),),
                 "value": (F("sort_value").desc(nulls_last=True),)}.get(self.sort if ranked else "newest",
                                                                          (F("sort_date").desc(nulls_last=True),))
        first = parts[0].order_by()
        return first.union(*(p.order_by() for p in parts[1:]), all=True).order_by(*order, "kind_index", "-pk")

    @staticmethod
    def statement_of(rows):
        """``rows`` (``rows()``) as its SQL, parameters and the names of its columns, when it is one
        statement (a queryset of values: not ``NewestFirst``); else None. Its values need no
        conversion: each is the database's own (a number, a date, a time, a state)."""
        if not isinstance(rows, QuerySet):
            return None
        query = rows.query
        sql, params = query.sql_with_params()
        names = list(query.selected) if query.selected else [
            *query.extra_select, *query.values_select, *query.annotation_select]
        return sql, params, names

    def _kind_count(self, name) -> int:
        """How many entries of one kind match: from the facets' statement when the page counted them."""
        if hasattr(self, "_facets"):
            return self._facets[name][1]
        return self.filtersets[name].every_match().count()

    def results(self, rows) -> list[Result]:
        """The rows of a page of ``rows``: each entry's row as the list renders it once per change
        (entries.rows.kept_rows: only the entries whose row is not kept are read, one query per kind),
        and one query for every snippet."""
        names = list(self.filtersets)
        by_kind: dict[str, dict] = {}
        for row in rows:
            by_kind.setdefault(names[row["kind_index"]], {})[row["pk"]] = (row["updated_at"], row["status"])
        rendered = {}
        for name, keys in by_kind.items():
            found = entry_rows.kept_rows(keys, template=search_rows.render, fetch=partial(search_rows.read, name),
                                         context={"kind": name}, variant="search")
            rendered.update({(name, pk): html for pk, html in found.items()})
        snippets = self._snippets(by_kind) if self.words else {}
        paths = {name: registry.get(name).url_of("detail") for name in by_kind}  # a document's snippet links to it
        return [Result(kind, r["pk"], rendered[(kind, r["pk"])], snippets.get((kind, r["pk"])), paths[kind](r["pk"]))
                for r in rows for kind in (names[r["kind_index"]],) if (kind, r["pk"]) in rendered]

    def _snippets(self, by_kind) -> dict:
        """Where the words were found in each entry of a page (one query), kept like the counts: the
        same words and entries show the same snippets until an entry changes or a document's text
        is read (buyersgroup.entries.changes)."""

        def read():
            found = query.snippets_of({registry.get(name).model: keys for name, keys in by_kind.items()}, self.text,
                                      language)
            models = {registry.get(name).model: name for name in by_kind}
            return {(models[model], pk): snippet for (model, pk), snippet in found.items()}

        language = get_language()  # a classification's labels are shown in the reader's language first
        entries = sorted((name, pk) for name, keys in by_kind.items() for pk in keys)
        return self._kept(f"snippets:{language}:" + hashlib.sha256(repr(entries).encode()).hexdigest(), read)

    def facets(self):
        """The facets with their counts: one statement per kind searched (buyersgroup.search.facets).
        Searching every kind shows the shared facets, each choice counting both kinds."""
        if not hasattr(self, "_facets"):
            choices: dict = {}  # categories and criteria, read once for both kinds
            names = {name: FACETS[EntryFilter] if self.kind == "all" else FACETS[type(fs)]
                     for name, fs in self.filtersets.items()}
            # Tenders searched alone: the CPV codes to pick from (one level of the vocabulary), counted too.
            cpv_codes = self.cpv_family()["narrower"] if self.kind == "tenders" else ()

            # Every member gets the same counts until an entry changes: kept like the number of
            # matches (count()), for the next page, another order, the back button, the export...
            # with their labels, in the reader's language.
            self._facets = self._kept(f"facets:{get_language()}", lambda: {
                name: facet_counts(fs, names[name], choices, cpv_codes if name == "tenders" else ())
                for name, fs in self.filtersets.items()})
            merged: dict = {}
            self._cpv_codes = []
            for kind_facets, _total in self._facets.values():
                for name, facet in kind_facets.items():
                    if name == CPV:  # shown by the CPV filter (cpv_codes), not with the facets
                        self._cpv_codes = facet.choices
                    elif name not in merged:
                        merged[name] = Facet(facet.name, facet.label, [replace(c) for c in facet.choices])
                    else:
                        for mine, other in zip(merged[name].choices, facet.choices):
                            mine.count += other.count
            self._merged = list(merged.values())
        return self._merged

    def cpv_family(self) -> dict:
        """Where the CPV code asked stands in the vocabulary (taxonomy.cpv.cpv_family): its broader
        codes and the narrower ones, or the divisions when none is asked (or not a valid one)."""
        if not hasattr(self, "_cpv_family"):
            self.form.is_valid()  # validated once (the search's form is always bound): its cleaned data
            self._cpv_family = cpv_family(self.form.cleaned_data.get("cpv") or None)
        return self._cpv_family

    def cpv_codes(self) -> list:
        """The codes of ``cpv_family`` that classify some of the tenders found, each with how many
        (as facet choices), for picking one (search_tags.cpv_tree); none unless tenders are searched alone."""
        self.facets()
        return [choice for choice in self._cpv_codes if choice.count]

    def suggestion(self):
        if not self.words or self.count() >= 3:
            return None
        # Published titles and the names of their organisations: kept like the counts.
        return self._kept("suggestion", lambda: query.suggestion(self.text))
