"""Reference data (SPEC §2.1): CPV codes, sustainability criteria and product categories.

Texts exist in several languages side by side (``name_en``, ``name_nl`` …); the
``name`` / ``label`` properties pick the active language and fall back to English,
so templates never have to know which languages a row carries.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _in_active_language(obj, field: str, languages: tuple[str, ...]) -> str:
    language = (get_language() or "en")[:2]
    if language not in languages:
        language = "en"
    return getattr(obj, f"{field}_{language}") or getattr(obj, f"{field}_en")


class CpvCode(models.Model):
    """One code of the Common Procurement Vocabulary 2008 (main vocabulary, 9,454 codes)."""

    code = models.CharField(_("CPV code"), max_length=8, primary_key=True)
    check_digit = models.CharField(
        _("check digit"), max_length=1, blank=True, help_text=_("Known only when an imported list carried it.")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    label_en = models.CharField(_("label (English)"), max_length=400, blank=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=400, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=400, blank=True)
    label_de = models.CharField(_("label (German)"), max_length=400, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    def __str__(self):
        return f"{self.display_code} {self.label}"

    @property
    def display_code(self) -> str:
        return f"{self.code}-{self.check_digit}" if self.check_digit else self.code

    @property
    def label(self) -> str:
        return _in_active_language(self, "label", ("en", "nl", "fr", "de"))


class Pillar(models.TextChoices):
    CIRCULARITY = "circularity", _("Circularity and life extension")
    FAIR = "fair", _("Fair and social supply chain")
    CLIMATE = "climate", _("Climate and energy")
    HAZARDOUS = "hazardous", _("Hazardous substances")
    PACKAGING = "packaging", _("Packaging and end of life")
    OTHER = "other", _("Other")


# A pillar's short name: the mark a search result shows for it, beside the entry's title (its full
# name, Pillar's label, is the mark's title).
PILLAR_MARKS = {
    Pillar.CIRCULARITY: pgettext_lazy("pillar mark", "Circular"),
    Pillar.FAIR: pgettext_lazy("pillar mark", "Fair"),
    Pillar.CLIMATE: pgettext_lazy("pillar mark", "Climate"),
    Pillar.HAZARDOUS: pgettext_lazy("pillar mark", "Hazardous substances"),
    Pillar.PACKAGING: pgettext_lazy("pillar mark", "Packaging"),
    Pillar.OTHER: pgettext_lazy("pillar mark", "Other"),
}


class Criterion(models.Model):
    """A sustainability criterion a tender can apply (the criteria taxonomy, managed by coordinators).

    Never deleted once it exists: tenders refer to it. Coordinators deactivate it instead.
    """

    code = models.CharField(_("code"), max_length=30, unique=True, help_text=_("Short and stable, e.g. CIRC-WARR."))
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"))
    description_nl = models.TextField(_("description (Dutch)"))
    description_fr = models.TextField(_("description (French)"))
    verification_en = models.TextField(_("usual verification (English)"), blank=True)
    verification_nl = models.TextField(_("usual verification (Dutch)"), blank=True)
    verification_fr = models.TextField(_("usual verification (French)"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Position within its pillar."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive criteria cannot be chosen for new tenders."))

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return _in_active_language(self, "name", ("en", "nl", "fr"))

    @property
    def description(self) -> str:
        return _in_active_language(self, "description", ("en", "nl", "fr"))

    @property
    def verification(self) -> str:
        return _in_active_language(self, "verification", ("en", "nl", "fr"))


class ProductCategory(models.Model):
    """What was bought, in the words buyers use (laptops, cloud services …), mapped to CPV codes."""

    slug = models.SlugField(_("short name in links"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    cpv_codes = models.ManyToManyField(CpvCode, related_name="categories", blank=True, verbose_name=_("CPV codes"))
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _in_active_language(self, "name", ("en", "nl", "fr"))
