"""Demo tenders for `manage.py seed_demo` (about 60, across organisations, categories and states).

Each scenario is a kind of ICT procurement the Buyers Group's members really run; it is
played by several organisations, in their own language, in different years and review
states. Every published tender gets a generated PDF or DOCX whose text names its subject,
so search on document text can be shown. Idempotent: a tender is found again by its
reference (DEMO-…), and nothing is created twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from buyersgroup.entries.demo import docx_bytes, pdf_bytes, play_history
from buyersgroup.members.models import Member, Organisation, Region, Role
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.models import AppliedCriterion, AwardedSupplier, ContractType, ProcedureType, Stage, Tender


@dataclass(frozen=True)
class Scenario:
    title: dict[str, str]
    summary: dict[str, str]
    lessons: dict[str, str]
    categories: tuple[str, ...]
    cpv: str
    extra_cpv: tuple[str, ...]
    criteria: tuple[tuple, ...]  # (code, used_in, weight, verification, note)
    procedure: str
    contract_type: str
    value: int  # estimated value in EUR
    months: int


S = Scenario
SCENARIOS = [
    S({"nl": "Raamovereenkomst gereviseerde laptops", "fr": "Accord-cadre pour ordinateurs portables reconditionnés"},
      {"nl": "Levering van gereviseerde laptops voor administratie en scholen, met vijf jaar garantie inclusief batterij en terugname van de oude toestellen.",
       "fr": "Fourniture d'ordinateurs portables reconditionnés pour l'administration et les écoles, avec cinq ans de garantie batterie comprise et reprise des anciens appareils."},
      {"nl": "Vier biedingen, waarvan twee van sociale-economiebedrijven. Het functionele bestek liet gereviseerde toestellen meedingen.",
       "fr": "Quatre offres, dont deux d'entreprises d'économie sociale. Le cahier des charges fonctionnel a permis aux appareils reconditionnés de concourir."},
      ("laptops", "refurbished-equipment"), "30213100", ("50320000",),
      (("CIRC-REFURB", "specification", None, "audit", ""), ("CIRC-WARR", "award", 20, "self_declaration", ""),
       ("CIRC-BATT", "specification", None, "test_report", ""), ("EOL-TAKEBACK", "contract_clause", None, "monitoring", ""),
       ("CIRC-ERASE", "specification", None, "self_declaration", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 480_000, 48),
    S({"nl": "Smartphones met Electronics Watch-contractvoorwaarden", "fr": "Smartphones avec les conditions contractuelles d'Electronics Watch"},
      {"nl": "Aankoop van smartphones voor het personeel. De leverancier maakt de fabrieken bekend en werkt mee aan onafhankelijke monitoring van arbeidsomstandigheden.",
       "fr": "Achat de smartphones pour le personnel. Le fournisseur divulgue les usines et coopère au monitoring indépendant des conditions de travail."},
      {"nl": "Fabrieksbekendmaking was haalbaar voor alle inschrijvers; plan tijd in voor de opvolging met Electronics Watch.",
       "fr": "La divulgation des usines était faisable pour tous les soumissionnaires ; prévoir du temps pour le suivi avec Electronics Watch."},
      ("smartphones",), "32250000", (),
      (("FAIR-EW", "contract_clause", None, "monitoring", ""), ("FAIR-TRANSP", "contract_clause", None, "self_declaration", ""),
       ("CIRC-UPDATE", "award", 15, "self_declaration", "Zes jaar beveiligingsupdates."),
       ("CIRC-DUR", "specification", None, "test_report", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 220_000, 36),
    S({"nl": "Beeldschermen met TCO Certified", "fr": "Écrans certifiés TCO"},
      {"nl": "Raamovereenkomst voor beeldschermen van 24 en 27 inch, met TCO Certified of gelijkwaardig en energielabel binnen de klassen A tot D.",
       "fr": "Accord-cadre pour des écrans de 24 et 27 pouces, certifiés TCO ou équivalent, avec une étiquette énergétique dans les classes A à D."},
      {"nl": "Het label maakte de controle eenvoudig; vraag het certificaatnummer per model.",
       "fr": "Le label a simplifié la vérification ; demander le numéro de certificat par modèle."},
      ("monitors",), "30231000", ("30231300",),
      (("CLIM-EE-MON", "specification", None, "label", ""), ("HAZ-FR", "specification", None, "label", ""),
       ("FAIR-DD", "specification", None, "label", ""), ("PACK-PLASTIC", "specification", None, "label", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 150_000, 48),
    S({"nl": "Herstel en onderhoud van pc's en laptops", "fr": "Réparation et maintenance des PC et portables"},
      {"nl": "Dienstverlening voor herstelling op locatie en upgrades (geheugen, SSD, batterij) om de levensduur van het bestaande park te verlengen.",
       "fr": "Services de réparation sur site et de mise à niveau (mémoire, SSD, batterie) pour prolonger la durée de vie du parc existant."},
      {"nl": "Upgrades kostten een fractie van vervanging; de gemiddelde gebruiksduur steeg naar zeven jaar.",
       "fr": "Les mises à niveau ont coûté une fraction du remplacement ; la durée d'utilisation moyenne est passée à sept ans."},
      ("repair-maintenance",), "50312000", ("50320000",),
      (("CIRC-LIFE", "contract_clause", None, "monitoring", ""), ("CIRC-SPARE", "award", 25, "self_declaration", ""),
       ("CLIM-LOGI", "contract_clause", None, "self_declaration", "")),
      ProcedureType.BELOW_THRESHOLD, ContractType.SERVICES, 90_000, 36),
    S({"nl": "IT-asset disposition: veilige wissing en hergebruik", "fr": "Gestion de fin de vie informatique : effacement sécurisé et réemploi"},
      {"nl": "Ophaling van afgeschreven IT-materiaal, gecertificeerde datawissing, sortering voor hergebruik en recyclage, met rapportering per lot.",
       "fr": "Collecte du matériel informatique déclassé, effacement certifié des données, tri pour réemploi puis recyclage, avec rapport par lot."},
      {"nl": "Een voorbehouden opdracht voor de sociale economie leverde een betrouwbare partner op.",
       "fr": "Un marché réservé à l'économie sociale a permis de trouver un partenaire fiable."},
      ("take-back-end-of-life",), "90514000", ("72510000",),
      (("EOL-ITAD", "specification", None, "audit", ""), ("FAIR-SOCEMP", "selection", None, "self_declaration", ""),
       ("CIRC-ERASE", "contract_clause", None, "audit", "Certificaat per toestel.")),
      ProcedureType.NEGOTIATION, ContractType.SERVICES, 60_000, 24),
    S({"nl": "Desktops op basis van gebruikersprofielen", "fr": "Ordinateurs de bureau selon les profils d'utilisateurs"},
      {"nl": "Functioneel bestek per gebruikersprofiel in plaats van processorspecificaties, zodat ook gereviseerde desktops konden meedingen.",
       "fr": "Cahier des charges fonctionnel par profil d'utilisateur plutôt que par processeur, afin que des ordinateurs reconditionnés puissent aussi concourir."},
      {"nl": "Gebruikersprofielen vragen voorbereiding met de IT-dienst, maar openen de markt.",
       "fr": "Les profils demandent une préparation avec le service informatique, mais ouvrent le marché."},
      ("desktops",), "30213300", (),
      (("CIRC-FUNC", "specification", None, "self_declaration", ""), ("CLIM-EE", "award", 10, "label", ""),
       ("CIRC-REPAIR", "award", 10, "label", ""), ("HAZ-SVHC", "contract_clause", None, "self_declaration", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 300_000, 48),
    S({"nl": "Multifunctionele printers als dienst", "fr": "Imprimantes multifonctions en tant que service"},
      {"nl": "Printers en kopieerapparaten in huur met onderhoud, toners en terugname, met transparantie over wat er met teruggenomen toestellen gebeurt.",
       "fr": "Imprimantes et copieurs en location avec maintenance, toners et reprise, avec transparence sur le devenir des appareils repris."},
      {"nl": "Leasing is niet vanzelf circulair: vraag rapportering over hergebruik van de teruggenomen toestellen.",
       "fr": "Le leasing n'est pas circulaire en soi : exiger un rapport sur le réemploi des appareils repris."},
      ("printers-imaging",), "30232110", ("30121100", "30125100"),
      (("CIRC-AAS", "contract_clause", None, "monitoring", ""), ("PACK-REUSE", "contract_clause", None, "self_declaration", ""),
       ("GOV-REPORT", "contract_clause", None, "self_declaration", "")),
      ProcedureType.OPEN, ContractType.SERVICES, 350_000, 60),
    S({"nl": "Servers en opslag voor het datacenter", "fr": "Serveurs et stockage pour le centre de données"},
      {"nl": "Vernieuwing van servers en opslag met eisen op energie-efficiëntie van voedingen, productkoolstofvoetafdruk en beschikbaarheid van onderdelen.",
       "fr": "Renouvellement des serveurs et du stockage avec des exigences d'efficacité des alimentations, d'empreinte carbone du produit et de disponibilité des pièces."},
      {"nl": "De koolstofvoetafdruk werd door alle inschrijvers aangeleverd; vergelijkbaarheid blijft lastig.",
       "fr": "Tous les soumissionnaires ont fourni l'empreinte carbone ; la comparabilité reste difficile."},
      ("servers", "storage"), "48820000", ("30233000",),
      (("CLIM-PSU", "specification", None, "label", ""), ("CLIM-PCF", "award", 10, "self_declaration", ""),
       ("CIRC-SPARE", "contract_clause", None, "self_declaration", ""), ("CLIM-LCC", "award", 30, "self_declaration", "")),
      ProcedureType.RESTRICTED, ContractType.SUPPLIES, 750_000, 60),
    S({"nl": "Tablets voor het onderwijs met lange software-ondersteuning", "fr": "Tablettes pour l'enseignement avec un long support logiciel"},
      {"nl": "Tablets met beschermhoes, minstens vijf jaar updates en vervangbare batterij, geleverd zonder overbodige laders.",
       "fr": "Tablettes avec housse de protection, au moins cinq ans de mises à jour et batterie remplaçable, livrées sans chargeurs superflus."},
      {"nl": "Zonder laders leveren bespaarde verpakking en kosten; scholen hadden genoeg laders.",
       "fr": "Livrer sans chargeurs a réduit emballages et coûts ; les écoles en avaient assez."},
      ("tablets",), "30213200", (),
      (("CIRC-UPDATE", "specification", None, "self_declaration", ""), ("CIRC-PORT", "specification", None, "self_declaration", ""),
       ("CIRC-DUR", "award", 15, "test_report", ""), ("FAIR-ACCESS", "specification", None, "self_declaration", "")),
      ProcedureType.FRAMEWORK_CALL_OFF, ContractType.SUPPLIES, 120_000, 24),
    S({"nl": "Netwerkapparatuur met verlengde ondersteuning", "fr": "Équipements réseau avec support prolongé"},
      {"nl": "Switches en routers met firmware-updates gedurende de hele gebruiksduur en terugname van het oude materiaal.",
       "fr": "Commutateurs et routeurs avec mises à jour du micrologiciel pendant toute la durée d'utilisation et reprise de l'ancien matériel."},
      {"nl": "Vraag de einddatum van ondersteuning per model al bij de offerte.",
       "fr": "Demander la date de fin de support par modèle dès l'offre."},
      ("network-equipment",), "32420000", ("32413100",),
      (("CIRC-UPDATE", "award", 20, "self_declaration", ""), ("EOL-TAKEBACK", "contract_clause", None, "self_declaration", ""),
       ("HAZ-ROHS", "specification", None, "self_declaration", "")),
      ProcedureType.NEGOTIATION, ContractType.SUPPLIES, 180_000, 60),
    S({"nl": "Marktconsultatie circulaire werkplek-ICT", "fr": "Consultation du marché pour un poste de travail informatique circulaire"},
      {"nl": "Voorafgaande marktconsultatie om het ambitieniveau te toetsen voor gereviseerde toestellen, reparatie en terugname.",
       "fr": "Consultation préalable du marché pour tester le niveau d'ambition sur les appareils reconditionnés, la réparation et la reprise."},
      {"nl": "De consultatie toonde dat de markt klaar is voor 50 % gereviseerde toestellen.",
       "fr": "La consultation a montré que le marché est prêt pour 50 % d'appareils reconditionnés."},
      ("laptops", "refurbished-equipment"), "30213000", (),
      (("GOV-MARKET", "market_consultation", None, "", ""), ("GOV-AMBITION", "market_consultation", None, "", ""),
       ("GOV-NEED", "market_consultation", None, "", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 0, 0),
    S({"nl": "Clouddiensten en hosting", "fr": "Services cloud et hébergement"},
      {"nl": "Hosting van toepassingen in een datacenter met hernieuwbare stroom, rapportering van energieverbruik en een exitplan.",
       "fr": "Hébergement d'applications dans un centre de données alimenté en électricité renouvelable, avec rapport de consommation et plan de sortie."},
      {"nl": "Rapportering van verbruik per dienst was nieuw voor de markt maar werd aanvaard.",
       "fr": "Le rapport de consommation par service était nouveau pour le marché mais a été accepté."},
      ("cloud-services", "data-centre-services"), "72317000", ("72415000",),
      (("CLIM-RE", "award", 15, "self_declaration", ""), ("GOV-REPORT", "contract_clause", None, "self_declaration", ""),
       ("CLIM-EMS", "selection", None, "label", "")),
      ProcedureType.OPEN, ContractType.SERVICES, 400_000, 48),
    S({"nl": "Dockingstations en randapparatuur", "fr": "Stations d'accueil et périphériques"},
      {"nl": "Dockingstations, toetsenborden en muizen met gerecycleerd plastic en minimale verpakking.",
       "fr": "Stations d'accueil, claviers et souris en plastique recyclé et avec un emballage minimal."},
      {"nl": "Bulklevering zonder individuele dozen scheelde veel afval.",
       "fr": "La livraison en vrac sans boîtes individuelles a évité beaucoup de déchets."},
      ("accessories-peripherals",), "30237200", ("30237460", "30237410"),
      (("CIRC-RECYC", "award", 10, "self_declaration", ""), ("PACK-REUSE", "contract_clause", None, "self_declaration", "")),
      ProcedureType.BELOW_THRESHOLD, ContractType.SUPPLIES, 40_000, 24),
    S({"nl": "Mobiele telefonie met toestelbeheer", "fr": "Téléphonie mobile avec gestion des appareils"},
      {"nl": "Mobiele abonnementen met toestelbeheer, herstelling en herinzet van toestellen binnen de organisatie.",
       "fr": "Abonnements mobiles avec gestion des appareils, réparation et réaffectation des appareils au sein de l'organisation."},
      {"nl": "Herinzet van toestellen moet in het contract staan, anders gebeurt het niet.",
       "fr": "La réaffectation des appareils doit figurer dans le contrat, sinon elle ne se fait pas."},
      ("mobile-telephone-services", "smartphones"), "64212000", ("32250000",),
      (("CIRC-LIFE", "contract_clause", None, "monitoring", ""), ("FAIR-DD", "selection", None, "self_declaration", "")),
      ProcedureType.DPS, ContractType.SERVICES, 260_000, 48),
    S({"nl": "Audiovisuele uitrusting voor vergaderzalen", "fr": "Équipement audiovisuel pour salles de réunion"},
      {"nl": "Schermen, projectoren en conferentiesystemen met eisen op energieverbruik in stand-by en beschikbaarheid van onderdelen.",
       "fr": "Écrans, projecteurs et systèmes de conférence avec des exigences de consommation en veille et de disponibilité des pièces."},
      {"nl": "Stand-by-verbruik bleek een goed onderscheidend criterium.",
       "fr": "La consommation en veille s'est révélée un bon critère de différenciation."},
      ("audio-visual",), "32322000", ("38652120",),
      (("CLIM-EE", "award", 10, "test_report", ""), ("CIRC-SPARE", "specification", None, "self_declaration", "")),
      ProcedureType.OPEN, ContractType.SUPPLIES, 110_000, 36),
]

# Review states of the demo tenders, in order (about 60): mostly published, some in every other state.
STATES = (
    [Status.PUBLISHED] * 44
    + [Status.SUBMITTED] * 5
    + [Status.DRAFT] * 5
    + [Status.CHANGES_REQUESTED] * 3
    + [Status.REJECTED] * 2
    + [Status.ARCHIVED] * 1
)
STAGES = [Stage.COMPLETED, Stage.RUNNING, Stage.RUNNING, Stage.AWARDED, Stage.OPEN, Stage.PLANNED]
PROCEDURE_LABEL = dict(ProcedureType.choices)


def _language(organisation: Organisation, n: int) -> str:
    if organisation.region == Region.FLANDERS:
        return "nl"
    if organisation.region == Region.WALLONIA:
        return "fr"
    return "nl" if n % 2 else "fr"


def _document_text(tender: Tender, scenario: Scenario, language: str) -> list[str]:
    heading = {"nl": "Bestek", "fr": "Cahier spécial des charges"}[language]
    criteria = {"nl": "Duurzaamheidscriteria", "fr": "Critères de durabilité"}[language]
    lines = [
        f"{heading} {tender.reference}: {tender.title}",
        f"{tender.organisation.name} — {PROCEDURE_LABEL[tender.procedure_type]}",
        tender.summary,
        f"{criteria}:",
    ]
    for code, used_in, weight, _verification, _note in scenario.criteria:
        criterion = Criterion.objects.get(code=code)
        name = getattr(criterion, f"name_{language}") or criterion.name_en
        lines.append(f"{code} — {name} ({used_in}{f', {weight} %' if weight else ''})")
    return lines


# Invented ICT suppliers (any likeness to a real company is chance): Belgian ones with an enterprise
# number whose check digits are right, neighbours with their VAT number.
SUPPLIERS = [
    ("Circuit Refurb Belgium NV", "be"),
    ("Groen Digitaal BV", "be"),
    ("Reboot Solutions SRL", "be"),
    ("IT Tweede Leven CVBA", "be"),
    ("Ordinateurs Durables SA", "be"),
    ("Kustnet ICT Services NV", "be"),
    ("Reuse Computers Nederland B.V.", "NL"),
    ("Recyclage Informatique du Nord SAS", "FR"),
    ("Datacenter Lëtzebuerg S.à r.l.", "LU"),
]


def _enterprise_number(rng: random.Random) -> str:
    base = 2 * 10**6 + rng.randint(0, 7 * 10**6)  # 0200.000.0xx to 0900.000.0xx, like recent KBO/BCE numbers
    return f"{base:08d}{97 - base % 97:02d}"


def _vat_number(country: str, rng: random.Random) -> str:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return {"NL": f"NL{digits}B01", "FR": f"FR{rng.randint(10, 99)}{digits}", "LU": f"LU{digits[:8]}"}[country]


def _add_suppliers(tender: Tender, rng: random.Random) -> None:
    """One supplier; two or three for a framework agreement (several lots or a multi-supplier framework)."""
    count = rng.randint(2, 3) if tender.framework_agreement else 1
    for position, (name, country) in enumerate(rng.sample(SUPPLIERS, count)):
        number = _enterprise_number(rng) if country == "be" else _vat_number(country, rng)
        AwardedSupplier.objects.create(tender=tender, name=name, enterprise_number=number, position=position)


def _create(n: int, scenario: Scenario, organisation: Organisation, author: Member, status: str,
            coordinator: Member, rng: random.Random) -> Tender:
    from buyersgroup.documents import services as documents

    language = _language(organisation, n)
    year = 2021 + n % 6
    published = min(date(year, 1 + n % 12, 1 + n % 27), date.today() - timedelta(days=40 + n))
    value = Decimal(int(scenario.value * rng.uniform(0.6, 1.6)) // 1000 * 1000) if scenario.value else None
    stage = Stage.PLANNED if not scenario.months else STAGES[n % len(STAGES)]
    awarded = stage in (Stage.AWARDED, Stage.RUNNING, Stage.COMPLETED)
    tender = Tender.objects.create(
        reference=f"DEMO-{n:03d}",
        title=f"{scenario.title[language]} {year}",
        summary=scenario.summary[language],
        language=language,
        organisation=organisation,
        author=author,
        contact=author,
        status=Status.DRAFT,
        main_cpv_id=scenario.cpv,
        contract_type=scenario.contract_type,
        procedure_type=scenario.procedure,
        framework_agreement=scenario.months >= 36,
        estimated_value=value,
        awarded_value=(value * Decimal("0.93")).quantize(Decimal("1")) if value and awarded else None,
        publication_date=published if stage != Stage.PLANNED else None,
        award_date=published + timedelta(days=75) if awarded else None,
        duration_months=scenario.months or None,
        stage=stage,
        bids_received=rng.randint(1, 7) if awarded else None,
        notice_url=f"https://www.publicprocurement.be/publication-workspaces/demo-{n:03d}/general",
        document_languages=[language],
        lessons_learned=scenario.lessons[language] if stage == Stage.COMPLETED else "",
    )
    tender.categories.set(ProductCategory.objects.filter(slug__in=scenario.categories))
    tender.additional_cpvs.set(scenario.extra_cpv)
    for position, (code, used_in, weight, verification, note) in enumerate(scenario.criteria):
        AppliedCriterion.objects.create(
            tender=tender, criterion=Criterion.objects.get(code=code), used_in=used_in,
            weight=weight, verification=verification, note=note, position=position,
        )
    if awarded:
        _add_suppliers(tender, rng)
    if status in (Status.PUBLISHED, Status.ARCHIVED) or n % 3 == 0:
        lines = _document_text(tender, scenario, language)
        pdf = n % 2 == 0
        upload = SimpleUploadedFile(
            f"{tender.reference.lower()}-{'specification.pdf' if pdf else 'bestek.docx'}",
            pdf_bytes(lines) if pdf else docx_bytes(lines),
        )
        documents.attach(tender, upload, doc_type="specification", language=language, by=author)
    play_history(tender, status, author, coordinator, published)
    return tender


def seed_tenders(stdout) -> None:
    if Tender.objects.filter(reference__startswith="DEMO-").exists():
        stdout.write(f"Tenders: {Tender.objects.count()} already there, left as they are.")
        return
    rng = random.Random(2026)
    coordinator = Member.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    authors = {}
    for member in Member.objects.filter(is_active=True, role=Role.MEMBER, organisation__isnull=False).order_by("pk"):
        authors.setdefault(member.organisation_id, member)
    # The fixed demo member (member@example.org) authors first, so their organisation has a bit of everything.
    fixed = Member.objects.filter(email="member@example.org").first()
    organisations = list(
        Organisation.objects.filter(pk__in=authors).exclude(region=Region.GERMAN_SPEAKING).order_by("name")
    )
    if fixed is not None:
        authors[fixed.organisation_id] = fixed
        organisations.sort(key=lambda o: o.pk != fixed.organisation_id)
    states = list(STATES)
    rng.shuffle(states)
    created = 0
    for n, status in enumerate(states, start=1):
        scenario = SCENARIOS[n % len(SCENARIOS)]
        # Every eighth tender belongs to the fixed demo member's organisation; the rest spread out.
        organisation = organisations[0] if n % 8 == 0 else organisations[(n * 7) % len(organisations)]
        _create(n, scenario, organisation, authors[organisation.pk], status, coordinator, rng)
        created += 1
    stdout.write(f"Tenders: {created} created, with their documents and review history.")
