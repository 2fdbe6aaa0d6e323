"""Every Insights figure computed in plain Python, entry by entry, from the objects themselves.

Independent of buyersgroup.insights.figures: no query of theirs, only the rounding helpers
(half up, whole percent) so that both sides round the same way.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from buyersgroup.insights.figures import BID_BUCKETS, TOP_CRITERIA, one_decimal, percent, whole
from buyersgroup.insights.models import DocumentDownloads
from buyersgroup.members.models import GovernmentLevel, Member, Region
from buyersgroup.taxonomy.models import Pillar
from tenders.models import CriterionUse, Verification

PILLARS = [p for p, _label in Pillar.choices if p != Pillar.OTHER]
USES = ["specification", "award", "contract_clause", "selection", "market_consultation"]


def _year(tender):
    return tender.publication_date.year if tender.publication_date else tender.published_at.year


def _value(tender):
    return tender.awarded_value if tender.awarded_value is not None else tender.estimated_value


def _applied(tender):
    return list(tender.applied_criteria.select_related("criterion"))


def tenders_per_year(tenders):
    years = defaultdict(list)
    for t in tenders:
        years[_year(t)].append(t)
    rows = []
    for year in sorted(years):
        values = [_value(t) for t in years[year] if _value(t) is not None]
        rows.append([str(year), len(years[year]), whole(sum(values)) if values else None, len(values)])
    return rows


def pillars_per_year(tenders):
    years = defaultdict(list)
    for t in tenders:
        years[_year(t)].append(t)

    def row(label, group):
        return [label, len(group), *(percent(sum(1 for t in group if any(a.criterion.pillar == p for a in _applied(t))),
                                             len(group)) for p in PILLARS)]

    rows = [row(str(year), years[year]) for year in sorted(years)]
    if len(years) > 1:
        rows.append(row("All years", tenders))
    return rows


def criteria(tenders):
    by_code = {}
    for t in tenders:
        for a in _applied(t):
            entry = by_code.setdefault(a.criterion.code, {"criterion": a.criterion, "tenders": set(),
                                                          "uses": defaultdict(set), "weights": []})
            entry["tenders"].add(t.pk)
            entry["uses"][a.used_in].add(t.pk)
            if a.used_in == "award" and a.weight is not None:
                entry["weights"].append(a.weight)
    ordered = sorted(by_code.values(), key=lambda e: (-len(e["tenders"]), e["criterion"].code))[:TOP_CRITERIA]
    rows = []
    for e in ordered:
        c = e["criterion"]
        row = [f"{c.code} — {c.name_en}", str(c.get_pillar_display()), len(e["tenders"])]
        for use in USES:
            row.append(len(e["uses"][use]))
            if use == "award":
                row.append(one_decimal(sum(e["weights"]) / len(e["weights"])) if e["weights"] else None)
        rows.append(row)
    return rows


def _breakdown(tenders, key, choices):
    rows = []
    for value, label in choices:
        group = [t for t in tenders if key(t) == value]
        if not group:
            continue
        values = [_value(t) for t in group if _value(t) is not None]
        rows.append([str(label), len(group), whole(sum(values)) if values else None])
    return rows


def government_levels(tenders):
    return _breakdown(tenders, lambda t: t.organisation.level, GovernmentLevel.choices)


def regions(tenders):
    return _breakdown(tenders, lambda t: t.organisation.region, Region.choices)


def categories(tenders):
    groups = defaultdict(list)
    for t in tenders:
        cats = list(t.categories.all())
        for c in cats or [None]:
            groups[c].append(t)
    rows = []
    for c, group in sorted(groups.items(), key=lambda i: (-len(i[1]), i[0].ordering if i[0] else 10**6,
                                                          i[0].slug if i[0] else "")):
        values = [_value(t) for t in group if _value(t) is not None]
        rows.append([c.name_en if c else "No product category", len(group), whole(sum(values)) if values else None])
    return rows


def bids(tenders):
    rows = []
    for fair, label in ((True, "With fair or social criteria"), (False, "Without fair or social criteria")):
        group = [t.bids_received for t in tenders if t.bids_received is not None
                 and any(a.criterion.pillar == "fair" for a in _applied(t)) == fair]
        buckets = [sum(1 for b in group if low <= b and (high is None or b <= high)) for _l, low, high in BID_BUCKETS]
        rows.append([label, len(group), one_decimal(statistics.median(group)) if group else None, *buckets])
    return rows


def verification(tenders):
    counts = defaultdict(lambda: [set(), 0])
    for t in tenders:
        for a in _applied(t):
            counts[a.verification][0].add(t.pk)
            counts[a.verification][1] += 1
    return [[str(label), len(counts[v][0]), percent(len(counts[v][0]), len(tenders)), counts[v][1]]
            for v, label in [*Verification.choices, ("", "Not stated")] if v in counts]


def practice_results(practices):
    def reported(name):
        return [getattr(p, name) for p in practices if getattr(p, name) is not None]

    devices, lifetime = reported("devices_reused"), reported("lifetime_extension_years")
    co2e, money = reported("co2e_avoided_tonnes"), reported("money_saved_eur")
    return [
        ["Devices reused or refurbished", whole(sum(devices)) if devices else None, len(devices)],
        ["Lifetime extension (years, average per practice)",
         one_decimal(sum(lifetime) / len(lifetime)) if lifetime else None, len(lifetime)],
        ["CO2e avoided (tonnes)", sum(co2e, Decimal(0)) if co2e else None, len(co2e)],
        ["Money saved (EUR)", whole(sum(money)) if money else None, len(money)],
    ]


def activity(tenders, practices):
    years = defaultdict(lambda: [0, 0, 0])
    for t in tenders:
        years[t.published_at.year][0] += 1
    for p in practices:
        years[p.published_at.year][1] += 1
    entries = {("tender", t.pk) for t in tenders} | {("practice", p.pk) for p in practices}
    for row in DocumentDownloads.objects.select_related("document__content_type"):
        if (row.document.content_type.model, row.document.object_id) in entries:
            years[row.day.year][2] += row.count
    return [[str(year), *years[year]] for year in sorted(years)]


def active_members(organisations):
    since = timezone.now() - timedelta(days=365)
    rows = []
    for level, label in GovernmentLevel.choices:
        members = [m for m in Member.objects.filter(is_active=True, organisation__isnull=False)
                   if m.organisation in organisations and m.organisation.level == level]
        if members:
            rows.append([str(label), sum(1 for m in members if m.last_login and m.last_login >= since), len(members)])
    return rows


def every_figure(tenders, practices, organisations) -> dict[str, list]:
    assert CriterionUse.values == sorted(USES, key=CriterionUse.values.index)  # the same five places
    return {
        "tenders-per-year": tenders_per_year(tenders),
        "pillars-per-year": pillars_per_year(tenders),
        "criteria": criteria(tenders),
        "government-levels": government_levels(tenders),
        "regions": regions(tenders),
        "categories": categories(tenders),
        "bids": bids(tenders),
        "verification": verification(tenders),
        "practice-results": practice_results(practices),
        "activity": activity(tenders, practices),
        "active-members": active_members(organisations),
    }
