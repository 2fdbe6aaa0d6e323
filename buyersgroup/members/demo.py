"""The demo world of `manage.py seed_demo` (SPEC §11): real Belgian public bodies, fictional people.

`seed_demo` runs every function named in DEMO_SEEDERS, in order, inside one transaction.
Each takes the command's stdout, creates or updates its part of the demo world and writes
one line about what it did. Seeding is idempotent: a second run finds every row by its
natural key (an organisation's name, a member's e-mail address) and changes nothing.
A later feature adds its own demo content by appending its seeder's dotted path
to DEMO_SEEDERS; a kind of entry names its seeder in its registration (EntryKind.demo_seeder).

The organisations are real bodies with their real public web and e-mail domains, so that
filters and "request access" behave as they will in production. Their enterprise numbers
stay empty: a wrong KBO/BCE number attributed to a real body would mislead. The people are
invented and all log in at example.org (a domain reserved for examples), so no demo e-mail
can ever reach a real civil servant.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import check_password, make_password

from buyersgroup.members.models import GovernmentLevel as Level
from buyersgroup.members.models import Member, Organisation, Region, Role
from buyersgroup.members.twofactor import enable_totp

DEMO_PASSWORD = "demo-password-2026"
COORDINATOR_TOTP_SECRET = "BUYERSGROUPDEMOCOORDINATOR234567"
SECRETARIAT_TOTP_SECRET = "BUYERSGROUPDEMOSECRETARIAT234567"

DEMO_SEEDERS = [
    "buyersgroup.members.demo.seed_organisations",
    "buyersgroup.members.demo.seed_people",
]


def all_seeders() -> list[str]:
    """The core's seeders, then each kind of entry's (its registration names it), in the kinds' order."""
    from buyersgroup.entries import registry

    return [
        *DEMO_SEEDERS,
        *(kind.demo_seeder for kind in registry.kinds() if kind.demo_seeder),
        "buyersgroup.entries.demo.seed_questions",  # under the entries just seeded
        "buyersgroup.insights.demo.seed_activity",  # downloads of the documents just seeded, last logins
    ]


@dataclass(frozen=True)
class DemoOrganisation:
    key: str  # how PEOPLE refer to it; not stored
    name: str
    level: str
    region: str
    website: str
    email_domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    organisation: str  # a DemoOrganisation key
    job_title: str
    languages: tuple[str, ...]
    ask_me_about: str
    show_email: bool = False
    role: str = Role.MEMBER
    email: str = ""  # empty: first.last@example.org
    totp_secret: str = ""  # coordinators only
    printed_as: str = ""  # listed at the end of seed_demo (the SPEC §11 accounts and the coordinators)

    @property
    def login(self) -> str:
        return self.email or f"{_ascii(self.first_name)}.{_ascii(self.last_name)}@example.org"


def _ascii(name: str) -> str:
    """'Van den Broeck' -> 'vandenbroeck', 'Céline' -> 'celine'."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


_O = DemoOrganisation
ORGANISATIONS = [
    # Federal (national)
    _O("bosa", "FOD BOSA / SPF BOSA (Beleid en Ondersteuning)", Level.FEDERAL, Region.NATIONAL,
       "https://bosa.belgium.be", ("bosa.fgov.be",)),
    _O("finances", "FOD Financiën / SPF Finances", Level.FEDERAL, Region.NATIONAL,
       "https://financien.belgium.be", ("minfin.fed.be",)),
    _O("fido", "Federaal Instituut voor Duurzame Ontwikkeling (FIDO/IFDD)", Level.FEDERAL, Region.NATIONAL,
       "https://www.duurzameontwikkeling.be", ("developpementdurable.be", "duurzameontwikkeling.be", "ifdd.fed.be")),
    _O("kbr", "KBR — Koninklijke Bibliotheek van België / Bibliothèque royale de Belgique", Level.FEDERAL,
       Region.NATIONAL, "https://www.kbr.be", ("kbr.be",)),
    _O("smals", "Smals", Level.OTHER, Region.NATIONAL, "https://www.smals.be", ("smals.be",)),
    # Flanders
    _O("facilitair", "Vlaamse overheid — Facilitair Bedrijf", Level.REGION, Region.FLANDERS,
       "https://www.vlaanderen.be", ("vlaanderen.be",)),
    _O("ovam", "OVAM — Openbare Vlaamse Afvalstoffenmaatschappij", Level.REGION, Region.FLANDERS,
       "https://www.ovam.be", ("ovam.be",)),
    _O("prov_antwerpen", "Provincie Antwerpen", Level.PROVINCE, Region.FLANDERS,
       "https://www.provincieantwerpen.be", ("provincieantwerpen.be",)),
    _O("gent", "Stad Gent", Level.MUNICIPALITY, Region.FLANDERS, "https://stad.gent", ("stad.gent",)),
    _O("antwerpen", "Stad Antwerpen", Level.MUNICIPALITY, Region.FLANDERS,
       "https://www.antwerpen.be", ("antwerpen.be",)),
    # Police zones share police.belgium.eu with the whole integrated police: no domain of their own.
    _O("pz_gent", "Politiezone Gent", Level.POLICE_ZONE, Region.FLANDERS, "https://www.lokalepolitie.be/5415"),
    _O("digipolis", "Digipolis Antwerpen", Level.OTHER, Region.FLANDERS,
       "https://www.digipolis.be", ("digipolis.be",)),
    _O("kuleuven", "KU Leuven", Level.OTHER, Region.FLANDERS, "https://www.kuleuven.be", ("kuleuven.be",)),
    # Wallonia
    _O("spw", "Service public de Wallonie (SPW)", Level.REGION, Region.WALLONIA,
       "https://www.wallonie.be", ("spw.wallonie.be",)),
    _O("prov_liege", "Province de Liège", Level.PROVINCE, Region.WALLONIA,
       "https://www.provincedeliege.be", ("provincedeliege.be",)),
    _O("liege", "Ville de Liège", Level.MUNICIPALITY, Region.WALLONIA, "https://www.liege.be", ("liege.be",)),
    _O("namur", "Ville de Namur", Level.MUNICIPALITY, Region.WALLONIA,
       "https://www.namur.be", ("ville.namur.be",)),
    _O("engis", "Commune d'Engis", Level.MUNICIPALITY, Region.WALLONIA, "https://www.engis.be", ("engis.be",)),
    _O("cpas_charleroi", "CPAS de Charleroi", Level.SOCIAL_WELFARE, Region.WALLONIA,
       "https://www.cpascharleroi.be", ("cpascharleroi.be",)),
    # Brussels-Capital
    _O("paradigm", "Paradigm (ex-CIRB/CIBG)", Level.REGION, Region.BRUSSELS,
       "https://paradigm.brussels", ("paradigm.brussels",)),
    _O("talent", "talent.brussels", Level.REGION, Region.BRUSSELS,
       "https://talent.brussels", ("talent.brussels",)),
    _O("environnement", "Bruxelles Environnement / Leefmilieu Brussel", Level.REGION, Region.BRUSSELS,
       "https://environnement.brussels", ("environnement.brussels", "leefmilieu.brussels")),
    _O("bruxelles", "Ville de Bruxelles / Stad Brussel", Level.MUNICIPALITY, Region.BRUSSELS,
       "https://www.bruxelles.be", ("brucity.be",)),
    _O("ixelles", "Commune d'Ixelles / Gemeente Elsene", Level.MUNICIPALITY, Region.BRUSSELS,
       "https://www.ixelles.be", ("ixelles.brussels",)),
    _O("ulb", "Université libre de Bruxelles (ULB)", Level.OTHER, Region.BRUSSELS, "https://www.ulb.be", ("ulb.be",)),
    # German-speaking Community
    _O("dg", "Ministerium der Deutschsprachigen Gemeinschaft", Level.COMMUNITY, Region.GERMAN_SPEAKING,
       "https://ostbelgienlive.be", ("dgov.be",)),
]

NL, FR, EN, DE = "nl", "fr", "en", "de"
_P = DemoPerson
PEOPLE = [
    # The secretariat: two coordinators at FIDO/IFDD, both with two-factor set up.
    _P("Sofie", "Vermeulen", "fido", "Coördinator Belgian Buyers Group", (NL, FR, EN),
       "Circular and Fair ICT Pact, the EU GPP criteria for computers", show_email=True,
       role=Role.COORDINATOR, email="coordinator@example.org", totp_secret=COORDINATOR_TOTP_SECRET,
       printed_as="coordinator (two-factor set up)"),
    _P("Mathieu", "Lambert", "fido", "Coordinateur achats durables", (FR, NL, EN),
       "Guide des achats durables, clauses sociales, Electronics Watch", show_email=True,
       role=Role.COORDINATOR, totp_secret=SECRETARIAT_TOTP_SECRET,
       printed_as="second coordinator (two-factor set up)"),
    # The fixed accounts of SPEC §11.
    _P("Lies", "Van den Broeck", "gent", "Aankoper ICT", (NL, EN),
       "refurbished laptops, terugnameclausules, TCO Certified",
       email="member@example.org", printed_as="member, a buyer at a municipality"),
    _P("Pieter", "De Smet", "gent", "Projectleider digitale werkplek", (NL, FR, EN),
       "levensduur van smartphones, batterijvervanging, gedeelde schermen",
       email="colleague@example.org", printed_as="member, same organisation as member@"),
    _P("Nathalie", "Dubois", "bosa", "Acheteuse ICT — contrats-cadres fédéraux", (FR, NL, EN),
       "contrats-cadres fédéraux, e-Procurement, critères TCO Certified et EPEAT",
       email="other@example.org", printed_as="member, a buyer at a federal body"),
    # Federal
    _P("Jan", "Peeters", "bosa", "Aankoper ICT — federale raamcontracten", (NL, FR),
       "raamovereenkomsten voor laptops, marktconsultatie", show_email=True),
    _P("Julien", "Dupont", "finances", "Acheteur public ICT", (FR, NL),
       "coût total de possession (TCO) des postes de travail"),
    _P("Katrien", "Hermans", "finances", "Category manager ICT", (NL, FR, EN),
       "servers en opslag, energie-efficiëntie in het datacenter", show_email=True),
    _P("Olivier", "Simon", "kbr", "Responsable achats IT", (FR, NL),
       "réemploi des PC en fin de contrat, effacement certifié des données"),
    _P("Bart", "Mertens", "smals", "Sourcing manager", (NL, FR, EN),
       "device-as-a-service: wat gebeurt er met teruggenomen toestellen?", show_email=True),
    _P("Aurélie", "Mathieu", "smals", "Juriste marchés publics", (FR, NL),
       "clauses d'exécution sociales, conditions contractuelles d'Electronics Watch"),
    # Flanders
    _P("Inge", "Willems", "facilitair", "Aankoopcoördinator ICT", (NL, FR, EN),
       "centrale aankoop voor lokale besturen, MVOO-criteriatool", show_email=True),
    _P("Joris", "Verhaegen", "facilitair", "Beleidsmedewerker duurzaam aankopen", (NL, EN),
       "productfiches ICT, ambitieniveaus voor circulaire criteria"),
    _P("Leen", "De Backer", "ovam", "Projectleider circulair aankopen", (NL, EN),
       "circulair aankopen van ICT, Green Deal Circulair Aankopen", show_email=True),
    _P("Griet", "Goossens", "prov_antwerpen", "Aankoper", (NL,),
       "tweedehands monitoren, herbruikbare verpakking bij levering"),
    _P("Hanne", "Dewulf", "gent", "Duurzaamheidsadviseur aankoop", (NL, EN),
       "Electronics Watch-affiliatie, openbaarmaking van fabrieken"),
    _P("Koen", "Maes", "antwerpen", "Aankoper ICT", (NL, EN),
       "gezamenlijke aankoop met andere steden, raamcontracten"),
    _P("Nele", "Lambrechts", "antwerpen", "Contractmanager", (NL, FR),
       "opvolging van duurzaamheidsclausules tijdens het contract"),
    _P("Dirk", "Vandenberghe", "pz_gent", "Logistiek verantwoordelijke ICT", (NL,),
       "robuuste laptops en smartphones voor interventieteams, hergebruik"),
    _P("Tom", "Wouters", "digipolis", "Category manager werkplek", (NL, EN),
       "levensduurverlenging van laptops, reserveonderdelen", show_email=True),
    _P("Ruben", "Martens", "digipolis", "ICT-architect", (NL, EN),
       "functionele specificaties die refurbished toestellen toelaten"),
    _P("Els", "Claes", "kuleuven", "Inkoper IT", (NL, EN),
       "EPEAT Gold, lifecycle costing voor onderzoekscomputers"),
    _P("Stijn", "Van Damme", "kuleuven", "Duurzaamheidscoördinator", (NL, EN),
       "CO2-voetafdruk van ICT, productspecifieke PCF-rapporten"),
    # Wallonia
    _P("Isabelle", "Lejeune", "spw", "Attachée — marchés publics", (FR, EN),
       "ordinateurs reconditionnés, lots réservés à l'économie sociale", show_email=True),
    _P("Marc", "Renard", "spw", "Gestionnaire de parc informatique", (FR,),
       "reprise des équipements en fin de vie, filières DEEE"),
    _P("Delphine", "Hubert", "prov_liege", "Acheteuse publique", (FR, DE),
       "achats groupés pour les communes, centrale d'achat provinciale"),
    _P("Céline", "Leclercq", "liege", "Acheteuse publique ICT", (FR, EN),
       "consultation du marché, critères d'attribution pondérés"),
    _P("Quentin", "Massart", "liege", "Responsable informatique", (FR,),
       "serveurs reconditionnés, extension de garantie à 5 ans"),
    _P("François", "Denis", "namur", "Acheteur — service informatique", (FR, NL),
       "smartphones reconditionnés, mises à jour de sécurité"),
    _P("Sophie", "Laurent", "engis", "Éco-conseillère", (FR,),
       "Circular and Fair ICT Pact pour une petite commune", show_email=True),
    _P("Thomas", "Collignon", "cpas_charleroi", "Acheteur", (FR,),
       "réemploi des ordinateurs pour les bénéficiaires, effacement des données"),
    # Brussels-Capital
    _P("Nicolas", "Lemaire", "paradigm", "Acheteur ICT", (FR, NL, EN),
       "centrale d'achat régionale, contrats-cadres pour les communes", show_email=True),
    _P("Yasmine", "El Amrani", "paradigm", "Juriste — marchés publics", (FR, NL, EN),
       "clauses de reprise, conditions Electronics Watch en néerlandais et en français"),
    _P("Camille", "Piron", "talent", "Acheteuse", (FR, NL),
       "ordinateurs portables pour les formations, TCO Certified"),
    _P("Wim", "Jacobs", "environnement", "Adviseur duurzame overheidsopdrachten", (NL, FR, EN),
       "milieucriteria, energie-efficiëntie van monitoren", show_email=True),
    _P("Laurent", "Fontaine", "bruxelles", "Responsable achats informatiques", (FR, NL),
       "imprimantes et consommables, coût total de possession"),
    _P("Mehdi", "Benali", "bruxelles", "Gestionnaire de contrats", (FR, NL, EN),
       "suivi des rapports de durabilité des fournisseurs"),
    _P("Evelien", "Claeys", "ixelles", "Aankoper / Acheteuse", (NL, FR),
       "refurbished tablets voor scholen, gedeelde toestellen"),
    _P("Manon", "Gilson", "ulb", "Acheteuse IT", (FR, EN),
       "minerais responsables, transparence de la chaîne d'approvisionnement"),
    # German-speaking Community
    _P("Andrea", "Heinen", "dg", "IT-Einkäuferin", (DE, FR),
       "generalüberholte Laptops, Rücknahmeklauseln", show_email=True),
    _P("Jürgen", "Kohnen", "dg", "IT-Einkäufer", (DE, FR, NL),
       "Lebenszykluskosten, Ersatzteilverfügbarkeit"),
    _P("Melanie", "Cremer", "dg", "Referentin für nachhaltige Beschaffung", (DE, FR, EN),
       "Sozialklauseln, Electronics Watch, Schulungen für Einkäufer"),
]


def seed_organisations(stdout) -> None:
    counts = Counter()
    for org in ORGANISATIONS:
        _, outcome = _upsert(
            Organisation,
            {"name": org.name},
            level=org.level,
            region=org.region,
            website=org.website,
            email_domains=sorted(org.email_domains),
        )
        counts[outcome] += 1
    stdout.write(f"Organisations: {_describe(counts)}.")


def seed_people(stdout) -> None:
    organisations = Organisation.objects.in_bulk([o.name for o in ORGANISATIONS], field_name="name")
    by_key = {o.key: organisations[o.name] for o in ORGANISATIONS}
    password = _DemoPassword()
    counts = Counter()
    two_factor = 0
    for person in PEOPLE:
        member, outcome = _upsert(
            Member,
            {"email": person.login},
            first_name=person.first_name,
            last_name=person.last_name,
            organisation_id=by_key[person.organisation].pk,
            role=person.role,
            job_title=person.job_title,
            languages=list(person.languages),
            ask_me_about=person.ask_me_about,
            show_email=person.show_email,
            is_active=True,
            password=password.keep_or_reset,
        )
        changed = _ensure_verified_primary_email(member)
        if person.totp_secret:
            if _ensure_totp(member, person.totp_secret):
                two_factor += 1
                changed = True
        counts["updated" if changed and outcome == "unchanged" else outcome] += 1
    stdout.write(f"Members: {_describe(counts)}; two-factor set up now for {two_factor} coordinator(s).")


def accounts_summary(portal_url: str) -> str:
    """The block printed after seeding: where to go and how to log in."""
    names = {o.key: o.name for o in ORGANISATIONS}
    listed = [p for p in PEOPLE if p.printed_as]
    width = max(len(p.login) for p in listed)
    lines = [
        "",
        "=" * 76,
        "Buyers Group demo",
        f"  Portal:    {portal_url}",
        f"  Password:  {DEMO_PASSWORD}   (the same for every demo account)",
        "",
        "  Accounts:",
    ]
    for p in listed:
        lines.append(f"    {p.login:<{width}}  {p.printed_as}")
        lines.append(f"    {'':<{width}}  {p.first_name} {p.last_name}, {names[p.organisation]}")
    lines += [
        "",
        "  Two-factor (TOTP) secrets: add the secret to an authenticator app",
        "  (\"enter a setup key\"); coordinator pages then ask for the six-digit code it shows.",
    ]
    lines += [f"    {p.login:<{width}}  {p.totp_secret}" for p in listed if p.totp_secret]
    lines += [
        "",
        f"  The {len(PEOPLE) - len(listed)} other demo members (first.last@example.org) use the same password.",
        "=" * 76,
    ]
    return "\n".join(lines)


def _describe(counts: Counter) -> str:
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in ("created", "updated", "unchanged"))


class _DemoPassword:
    """Hashes the demo password once per run and checks each distinct stored hash once.

    All demo members share one hash, so a second run costs one hash check, not one per
    member (the production hasher takes a noticeable fraction of a second each time).
    """

    def __init__(self) -> None:
        self.encoded = make_password(DEMO_PASSWORD)
        self._verdicts: dict[str, bool] = {}

    def keep_or_reset(self, current: str) -> str:
        if current not in self._verdicts:
            self._verdicts[current] = bool(current) and check_password(DEMO_PASSWORD, current)
        return current if self._verdicts[current] else self.encoded


def _upsert(model, lookup: dict, **values):
    """Create the row or bring it to ``values``; save (after full_clean) only what changed.

    A callable value receives the field's current value ('' for a new row) and returns the
    wanted one. Returns (object, "created" | "updated" | "unchanged").
    """
    obj = model.objects.filter(**lookup).first()
    outcome = "unchanged" if obj else "created"
    obj = obj or model(**lookup)
    changed = []
    for field, wanted in values.items():
        current = getattr(obj, field)
        if callable(wanted):
            wanted = wanted(current or "")
        if obj.pk is None or current != wanted:
            setattr(obj, field, wanted)
            changed.append(field)
    if obj.pk is None or changed:
        obj.full_clean()
        obj.save()
        outcome = "created" if outcome == "created" else "updated"
    return obj, outcome


def _ensure_verified_primary_email(member: Member) -> bool:
    """allauth lets a member log in only with a verified e-mail address."""
    address = EmailAddress.objects.filter(user=member, email__iexact=member.email).first()
    if address and address.verified and address.primary:
        return False
    EmailAddress.objects.filter(user=member, primary=True).exclude(pk=getattr(address, "pk", None)).update(
        primary=False
    )
    if address is None:
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    else:
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return True


def _ensure_totp(member: Member, secret: str) -> bool:
    """Set up TOTP with the printed secret, unless it already is (recovery codes stay as they are)."""
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=member)}
    totp = authenticators.get(Authenticator.Type.TOTP)
    if (
        totp is not None
        and decrypt(totp.data["secret"]) == secret
        and Authenticator.Type.RECOVERY_CODES in authenticators
    ):
        return False
    enable_totp(member, secret)
    return True
