"""Demo practices for `manage.py seed_demo` (about 30): what the group's members learned, in their words.

Every kind of practice (case studies, guidance notes, model clauses, lessons learned and the
two group reports), in Dutch, French and English, by demo members of many organisations.
Most are published; a few wait in the review queue, one was sent back, one is a draft.
Practices link to the published demo tenders they came from (found by the scenario's title)
and to the criteria they use; several carry measured figures and a generated PDF or DOCX.

Idempotent: a practice is found again by its title and organisation; an existing one is
left as it is, and nothing is created twice. Runs after tenders.demo.seed_tenders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from textwrap import dedent

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils.text import slugify

from buyersgroup.entries.demo import docx_bytes, pdf_bytes, play_history
from buyersgroup.members.demo import PEOPLE
from buyersgroup.members.models import Member, Role
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice, PracticeType, Theme
from tenders.demo import SCENARIOS
from tenders.models import Tender

T = PracticeType
TH = Theme


@dataclass(frozen=True)
class DemoPractice:
    title: str
    practice_type: str
    language: str
    author: str  # "First Last" of a demo person (buyersgroup.members.demo.PEOPLE)
    themes: tuple[str, ...]
    summary: str
    body: str
    categories: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    tenders: tuple[str, ...] = ()  # Dutch titles of tender scenarios (tenders.demo.SCENARIOS)
    results: str = ""
    devices_reused: int | None = None
    lifetime_extension_years: str | None = None
    co2e_avoided_tonnes: str | None = None
    money_saved_eur: str | None = None
    recommendations: str = ""
    document: tuple[str, str] | None = None  # (doc_type, "pdf" | "docx")
    status: str = Status.PUBLISHED
    day: date | None = None  # when it was published (about); else spread over the last years
    review_comment: str = ""


def md(text: str) -> str:
    return dedent(text).strip() + "\n"


P = DemoPractice
PRACTICES = [
    # --- The two group reports ------------------------------------------------------------
    P("Belgian Buyers Group — jaarverslag 2025", T.REPORT, "nl", "Sofie Vermeulen",
      (TH.CIRCULAR, TH.FAIR, TH.CONTRACT_MANAGEMENT, TH.TRAINING),
      "Wat de Belgische Buyers Group in 2025 deed: vier plenaire bijeenkomsten, twee opleidingen, "
      "gedeelde bestekken en modelclausules, en de eerste monitoringcijfers van de leden.",
      md("""
      # De groep in 2025

      De Belgian Buyers Group brengt sinds de ondertekening van het
      [Circular and Fair ICT Pact](https://circularandfairictpact.com/) aankopers van federale,
      regionale en lokale besturen samen. Het secretariaat ligt bij FIDO.

      ## Activiteiten

      - vier plenaire bijeenkomsten (twee in Brussel, één in Gent, één online);
      - een opleiding over de contractvoorwaarden van Electronics Watch;
      - een opleiding over functioneel specificeren en levenscycluskosten;
      - een gezamenlijke marktconsultatie over gereviseerde laptops.

      ## Monitoring

      De leden rapporteerden voor het eerst per opdracht welke criteria ze gebruikten.

      | Pijler | Opdrachten met minstens één criterium |
      |--------|----------------------------------------|
      | Circulariteit en levensduur | 31 |
      | Eerlijke en sociale keten | 12 |
      | Klimaat en energie | 18 |
      | Einde levensduur | 15 |

      > Circulaire criteria zijn ingeburgerd; sociale criteria blijven achter.

      ## Volgend jaar

      We volgen de vier strategieën van het Pact: *buy less*, *buy better*, *use better*
      en *use longer*.
      """),
      criteria=("GOV-REPORT", "FAIR-EW", "CIRC-REFURB", "CIRC-FUNC"),
      recommendations=md("""
      - Specificeer **functioneel**, per gebruikersprofiel, zodat gereviseerde toestellen kunnen meedingen.
      - Vraag minstens vijf jaar garantie, batterij inbegrepen, en vijf jaar beveiligingsupdates.
      - Neem de contractvoorwaarden van Electronics Watch op in elke opdracht voor hardware.
      - Voorzie een terugnameclausule met rapportering over hergebruik en gecertificeerde datawissing.
      - Deel uw bestek en de resultaten in het portaal, ook als de opdracht tegenviel.
      """),
      document=("other", "pdf"), day=date(2026, 3, 12)),
    P("European working group on socially responsible ICT procurement — 2025 report (with ICLEI)", T.REPORT, "en",
      "Mathieu Lambert", (TH.FAIR, TH.CONTRACT_MANAGEMENT, TH.JOINT, TH.TRAINING),
      "The European working group of about 27 public buyers, facilitated with ICLEI, looked at how "
      "social clauses in ICT contracts are followed up once the contract runs.",
      md("""
      # Why this report

      Most public buyers in the working group now put supply-chain clauses in their ICT tenders.
      Far fewer know what happens to those clauses after signature. This report brings together
      what members did during the contract: factory disclosure, monitoring and remedy.

      ## What members did

      1. Disclosure of the final-assembly factories, kept up to date during the contract
      2. Affiliation to [Electronics Watch](https://electronicswatch.org/en/why-affiliate-_95134) for independent monitoring
      3. Joint follow-up: buyers of the same brand sharing findings and escalating together
      4. Training for contract managers, not only for tender writers

      ## Where it gets stuck

      - Clauses without a named contract manager are rarely followed up.
      - Suppliers change factories during a framework agreement and forget to tell the buyer.
      - Remedy takes longer than a typical contract: plan for it.

      See the network's case studies at [Procura+](https://procuraplus.org/case-studies/).
      """),
      criteria=("FAIR-EW", "FAIR-TRANSP", "FAIR-DD", "FAIR-MIN"),
      recommendations=md("""
      1. Name a contract manager for every social clause, with time to follow it up.
      2. Require factory disclosure **and** an update whenever production moves.
      3. Buy together with other affiliates of the same brand to make monitoring affordable.
      4. Agree escalation steps in advance, from a corrective plan up to termination.
      5. Report yearly to the group on clauses used and monitoring findings, so progress can be measured.
      """),
      document=("other", "pdf"), day=date(2026, 2, 20)),

    # --- Model clauses and templates -------------------------------------------------------
    P("Modelclausule: terugname, datawissing en hergebruik van laptops", T.MODEL_CLAUSE, "nl", "Lies Van den Broeck",
      (TH.TAKE_BACK, TH.LIFE_EXTENSION),
      "Uitvoeringsclausule uit ons bestek voor gereviseerde laptops: de leverancier neemt de oude toestellen "
      "terug, wist de data gecertificeerd en geeft hergebruik voorrang op recyclage.",
      md("""
      ## Artikel 12 — Terugname van afgedankte toestellen

      1. Bij elke levering neemt de opdrachtnemer kosteloos een gelijk aantal afgedankte laptops terug,
         met hun laders en batterijen, op de leveringsplaats.
      2. De opdrachtnemer wist alle gegevensdragers met een erkende methode en bezorgt **per toestel**
         een wiscertificaat met het serienummer, binnen dertig dagen na de ophaling.
      3. De teruggenomen toestellen worden in deze volgorde behandeld:
         - hergebruik na revisie;
         - hergebruik van onderdelen;
         - recyclage door een erkende verwerker van AEEA.
      4. Elk kwartaal rapporteert de opdrachtnemer het aantal toestellen per bestemming.

      | Rapportering | Frequentie | Bewijs |
      |--------------|------------|--------|
      | Wiscertificaten | per ophaling | certificaat per serienummer |
      | Bestemming (hergebruik, onderdelen, recyclage) | per kwartaal | overzicht per lot |

      Tekortkomingen worden behandeld volgens de algemene uitvoeringsregels (AUR, KB van 14 januari 2013).
      """),
      categories=("laptops", "take-back-end-of-life"), criteria=("EOL-TAKEBACK", "CIRC-ERASE", "EOL-ITAD"),
      tenders=("Raamovereenkomst gereviseerde laptops",), document=("contract_clauses", "docx")),
    P("Electronics Watch contract conditions: clause text for ICT supply contracts", T.MODEL_CLAUSE, "en",
      "Aurélie Mathieu", (TH.FAIR, TH.CONTRACT_MANAGEMENT),
      "How we wrote the Electronics Watch contract conditions into a hardware contract, with the "
      "escalation steps we agreed on. Use it with the official conditions, not instead of them.",
      md("""
      ## Clause 9 — Labour rights in the supply chain

      1. The Contractor carries out human-rights due diligence in its supply chain in line with the
         UN Guiding Principles on Business and Human Rights and the OECD Guidelines.
      2. Within 30 days of signature, the Contractor **discloses the factories** where the goods are
         assembled, and updates that list whenever production moves.
      3. The Contractor cooperates with the independent monitoring organised through Electronics Watch,
         of which the Contracting Authority is an affiliate.
      4. Where monitoring finds a breach, the Contractor remedies it, which may include compensating
         the workers concerned.
      5. The Contracting Authority maintains socially responsible trading conditions: prices and lead
         times that allow the Contractor to comply.

      ### Escalation

      - a written request for a corrective plan;
      - a second meeting with the brand owner;
      - suspension of payment of the part concerned;
      - termination, as a last resort.

      The full conditions: [Electronics Watch contract conditions](https://electronicswatch.org/en/the-electronics-watch-contract-conditions_2459984).
      """),
      categories=("smartphones", "laptops"), criteria=("FAIR-EW", "FAIR-TRANSP", "FAIR-DD"),
      tenders=("Smartphones met Electronics Watch-contractvoorwaarden",), document=("contract_clauses", "docx")),
    P("Clause de disponibilité des pièces détachées et de réparabilité", T.MODEL_CLAUSE, "fr", "Yasmine El Amrani",
      (TH.LIFE_EXTENSION, TH.CIRCULAR),
      "Clause d'exécution qui oblige le fournisseur à garder les pièces détachées disponibles pendant la "
      "durée d'utilisation prévue des appareils, à un prix raisonnable et dans un délai fixé.",
      md("""
      ## Article 14 — Pièces détachées

      1. Pendant **sept ans** à compter de la réception provisoire, l'adjudicataire garantit la
         disponibilité des pièces suivantes pour chaque modèle livré :
         - batterie ;
         - écran ;
         - clavier ;
         - bloc d'alimentation ;
         - mémoire et disque SSD.
      2. Les pièces sont livrées dans les dix jours ouvrables suivant la commande.
      3. Le prix des pièces figure à l'inventaire et ne peut être révisé que selon la formule de
         révision du marché.
      4. Les manuels de réparation sont mis à la disposition du service informatique.

      Le non-respect de cet article est sanctionné conformément aux règles générales d'exécution (RGE).
      """),
      categories=("laptops", "desktops", "repair-maintenance"), criteria=("CIRC-SPARE", "CIRC-REPAIR"),
      tenders=("Herstel en onderhoud van pc's en laptops",)),
    P("Critère d'attribution : coût total de possession des postes de travail", T.MODEL_CLAUSE, "fr", "Julien Dupont",
      (TH.TCO, TH.CIRCULAR),
      "Grille d'attribution où le prix est remplacé par le coût total sur cinq ans : achat, énergie, "
      "maintenance, extension de garantie et reprise en fin de vie.",
      md("""
      ## Critère 1 — Coût total de possession (60 points)

      Le coût total est calculé sur **cinq ans** pour un poste de travail type :

      | Élément | Source | Calcul |
      |---------|--------|--------|
      | Prix d'achat | inventaire | prix unitaire |
      | Énergie | consommation annuelle typique (kWh) déclarée | kWh × 5 ans × 0,30 EUR |
      | Maintenance | inventaire | forfait annuel × 5 |
      | Garantie au-delà de 3 ans | inventaire | prix de l'extension |
      | Reprise en fin de vie | inventaire | montant négatif si valeur de revente |

      Points = 60 × (coût total le plus bas / coût total de l'offre).

      ## Critère 2 — Durée de garantie (20 points)

      - 5 ans, batterie comprise : 20 points
      - 4 ans : 10 points
      - 3 ans (minimum) : 0 point

      La méthode s'inspire des conseils du [Guide des achats durables](https://www.gidsvoorduurzameaankopen.be).
      """),
      categories=("desktops", "laptops"), criteria=("CLIM-LCC", "CIRC-WARR", "CLIM-EE"),
      tenders=("Desktops op basis van gebruikersprofielen",), document=("evaluation_grid", "docx")),
    P("Modelclausule: software-updates en beveiligingsondersteuning", T.MODEL_CLAUSE, "nl", "Tom Wouters",
      (TH.LIFE_EXTENSION,),
      "Technische specificatie en gunningscriterium voor de duur van gratis beveiligings- en "
      "functionaliteitsupdates van laptops, tablets en smartphones.",
      md("""
      ## Technische specificatie

      De inschrijver verbindt zich ertoe gedurende minstens **vijf jaar** na de laatste levering
      gratis beveiligingsupdates van het besturingssysteem te leveren voor elk aangeboden model.

      ## Gunningscriterium (15 punten)

      - 7 jaar of meer: 15 punten
      - 6 jaar: 10 punten
      - 5 jaar: 0 punten

      ## Bewijs

      Een verklaring van de fabrikant met de aangekondigde einddatum van ondersteuning per model.
      TCO Certified generatie 10 vraagt al vijf jaar; zie [TCO Certified](https://tcocertified.com/industry/generation-10/).
      """),
      categories=("laptops", "tablets", "smartphones"), criteria=("CIRC-UPDATE",),
      tenders=("Tablets voor het onderwijs met lange software-ondersteuning",)),
    P("Clause de rapportage EPEAT et rapport annuel du fournisseur", T.MODEL_CLAUSE, "fr", "Mehdi Benali",
      (TH.CONTRACT_MANAGEMENT,),
      "Clause qui demande au fournisseur un rapport annuel des unités enregistrées EPEAT vendues dans le "
      "cadre du contrat, avec leur niveau (Bronze, Silver, Gold).",
      md("""
      ## Article 18 — Rapport annuel

      Chaque année, avant le 31 janvier, l'adjudicataire transmet un rapport reprenant :

      - le nombre d'unités livrées par modèle ;
      - pour chaque modèle, son enregistrement [EPEAT](https://www.epeat.net/about-epeat/how-does-epeat-work/)
        et son niveau (Bronze, Silver ou Gold) ;
      - le nombre d'appareils repris et leur destination.

      Le pouvoir adjudicateur peut transmettre ces données au Global Electronics Council.
      """),
      criteria=("GOV-REPORT",), status=Status.SUBMITTED),

    # --- Guidance notes --------------------------------------------------------------------
    P("Functioneel specificeren met gebruikersprofielen", T.GUIDANCE, "nl", "Ruben Martens",
      (TH.CIRCULAR, TH.REFURBISHED), "Beschrijf wat gebruikers nodig hebben, niet welke processor: zo kunnen "
      "gereviseerde en oudere toestellen meedingen en koopt u niet meer dan nodig.",
      md("""
      ## Waarom

      Een bestek dat een processorgeneratie of een minimum aan geheugen vastlegt, sluit gereviseerde
      toestellen vaak uit zonder dat de gebruiker er iets aan wint.

      ## Hoe

      1. Maak met de IT-dienst drie tot vijf **gebruikersprofielen**.
      2. Beschrijf per profiel de software en de taken.
      3. Laat de inschrijver aantonen dat het toestel die taken aankan (een prestatietest of een
         referentieconfiguratie).

      | Profiel | Typische taken | Voorbeeld van minimum |
      |---------|----------------|-----------------------|
      | Kantoor | e-mail, tekstverwerking, videobellen | vlot videobellen met twee schermen |
      | Mobiel | idem, op verplaatsing | acht uur batterij bij kantoorgebruik |
      | Zwaar | GIS, grote datasets | rekentest binnen een vastgestelde tijd |

      Meer in de [productgroep ICT van Vlaanderen Circulair](https://aankopen.vlaanderen-circulair.be/nl/productgroepen/ict).
      """),
      categories=("desktops", "laptops", "refurbished-equipment"), criteria=("CIRC-FUNC", "GOV-NEED"),
      tenders=("Desktops op basis van gebruikersprofielen",)),
    P("Labels in ICT tenders: TCO Certified, EPEAT and 'or equivalent'", T.GUIDANCE, "en", "Nathalie Dubois",
      (TH.CIRCULAR, TH.FAIR), "Which label proves what, how to ask for it without excluding equivalent "
      "evidence, and what to check at delivery.",
      md("""
      ## Which label for what

      | Label | Covers | Levels |
      |-------|--------|--------|
      | TCO Certified | climate, circularity, substances, supply chain | pass or fail, independently verified |
      | EPEAT | computers, displays, phones, servers, imaging | Bronze, Silver, Gold |
      | EU energy label | monitors and displays | classes A to G |

      ## Asking for a label

      - Name the label **and** accept equivalent evidence, as the directive allows (art. 43 of
        Directive 2014/24/EU).
      - Ask for the certificate number per model in the offer.
      - Check at delivery that the delivered model is the certified one.

      ## What a label does not cover

      A label does not replace the Electronics Watch conditions: it checks the brand's system, not the
      working conditions in the factory that made *your* devices.
      """),
      categories=("laptops", "monitors"), criteria=("CLIM-EE", "HAZ-FR", "FAIR-DD", "CLIM-EE-MON"),
      tenders=("Beeldschermen met TCO Certified",)),
    P("Acheter des ordinateurs reconditionnés : guide pratique", T.GUIDANCE, "fr", "Isabelle Lejeune",
      (TH.REFURBISHED, TH.LIFE_EXTENSION, TH.FAIR),
      "Comment rédiger un marché d'ordinateurs reconditionnés : lots, garanties, contrôle qualité, batteries "
      "et place de l'économie sociale.",
      md("""
      # Avant le marché

      - Vérifiez avec le service informatique quels profils peuvent utiliser un appareil reconditionné.
      - Consultez le marché : les reconditionneurs belges sont souvent des entreprises d'économie sociale.

      # Le cahier spécial des charges

      1. Un **lot séparé** pour les appareils reconditionnés, éventuellement réservé (marché réservé).
      2. Une procédure de contrôle qualité décrite par le soumissionnaire.
      3. Une garantie d'au moins un an, batterie comprise ; un bonus pour trois ans.
      4. Une batterie neuve ou une capacité restante minimale, avec un rapport par appareil.
      5. L'effacement certifié des données du propriétaire précédent.

      # Pendant l'exécution

      Demandez un rapport de retours sous garantie : c'est le meilleur indicateur de qualité.
      """),
      categories=("laptops", "refurbished-equipment"), criteria=("CIRC-REFURB", "CIRC-BATT", "FAIR-SOCEMP"),
      tenders=("Raamovereenkomst gereviseerde laptops",), document=("other", "pdf")),
    P("Marktconsultatie voor circulaire ICT: zo pakt u het aan", T.GUIDANCE, "nl", "Inge Willems",
      (TH.MARKET_ENGAGEMENT, TH.CIRCULAR),
      "Een voorafgaande marktconsultatie toetst het ambitieniveau voor gereviseerde toestellen, herstelling "
      "en terugname voordat het bestek vastligt.",
      md("""
      ## Stappen

      1. Bepaal vooraf de ambitie per thema (een *ambitieweb* helpt).
      2. Publiceer een vooraankondiging of een oproep tot marktconsultatie.
      3. Stel open vragen: wat kan de markt vandaag, wat binnen twee jaar?
      4. Noteer alle vragen en antwoorden en deel de samenvatting met alle deelnemers.

      ## Let op

      - Gelijke behandeling: iedereen krijgt dezelfde informatie.
      - Geen toezeggingen aan individuele leveranciers.
      - Een consultatie is geen onderhandeling.

      Het Nederlandse [MVI-criteriatool](https://www.mvicriteria.nl/nl/over-webtool) helpt om
      ambitieniveaus te kiezen.
      """),
      categories=("laptops", "refurbished-equipment"), criteria=("GOV-MARKET", "GOV-AMBITION"),
      tenders=("Marktconsultatie circulaire werkplek-ICT",)),
    P("Product carbon footprint in award criteria: what works today", T.GUIDANCE, "en", "Stijn Van Damme",
      (TH.CIRCULAR, TH.TCO), "Asking for the product carbon footprint of servers and laptops is possible; "
      "comparing footprints between brands is still hard. How we scored it.",
      md("""
      ## What we asked

      - The cradle-to-grave carbon footprint per model, with the method used (ISO 14067 or equivalent).
      - A short explanation of the main assumptions (lifetime, use-phase electricity mix).

      ## How we scored it

      We gave points for **disclosure** and for a documented reduction plan, not for the lowest number:
      footprints calculated with different assumptions are not comparable.

      ## What we learned

      - All bidders could provide a footprint.
      - The use phase dominated for servers, manufacturing for laptops: for laptops, keeping them longer
        matters more than choosing the lowest footprint.
      """),
      categories=("servers", "laptops"), criteria=("CLIM-PCF", "CLIM-LCC"),
      tenders=("Servers en opslag voor het datacenter",)),
    P("Gezamenlijk aankopen via een aankoopcentrale", T.GUIDANCE, "nl", "Koen Maes",
      (TH.JOINT,), "Wanneer een aankoopcentrale loont voor circulaire ICT en waar u op let bij het afnemen "
      "van een raamovereenkomst van een ander bestuur.",
      md("""
      ## Wanneer loont het

      - kleine volumes per bestuur;
      - weinig capaciteit om zelf een bestek te schrijven.

      ## Waar op letten

      - Staan de duurzaamheidscriteria in de raamovereenkomst zelf, of pas in de afnameovereenkomst?
      - Wie volgt de clausules op tijdens het contract?
      """),
      status=Status.DRAFT),

    # --- Best practices and case studies ---------------------------------------------------
    P("Gereviseerde laptops met vijf jaar garantie", T.BEST_PRACTICE, "nl", "Pieter De Smet",
      (TH.REFURBISHED, TH.LIFE_EXTENSION, TH.TAKE_BACK),
      "Stad Gent kocht gereviseerde laptops voor administratie en scholen, met vijf jaar garantie inclusief "
      "batterij en terugname van de oude toestellen.",
      md("""
      ## Context

      Het laptoppark van de stad werd om de vier jaar volledig vervangen. In 2023 kozen we voor een
      openbare procedure met een lot voor gereviseerde toestellen.

      ## Wat we vroegen

      - gereviseerde laptops met een gedocumenteerde kwaliteitscontrole;
      - **vijf jaar garantie**, batterij inbegrepen;
      - terugname van de oude toestellen, met wiscertificaat per toestel.

      ## Resultaat

      | | Nieuw (vorige opdracht) | Gereviseerd |
      |---|---|---|
      | Prijs per toestel | 100 % | 62 % |
      | Garantie | 3 jaar | 5 jaar |
      | Klachten eerste jaar | 3 % | 4 % |

      Gebruikers merkten nauwelijks verschil.
      """),
      categories=("laptops", "refurbished-equipment"), criteria=("CIRC-REFURB", "CIRC-WARR", "EOL-TAKEBACK"),
      tenders=("Raamovereenkomst gereviseerde laptops",),
      results="850 gereviseerde laptops in gebruik, oude toestellen teruggenomen en voor 70 % hergebruikt.",
      devices_reused=850, lifetime_extension_years="2.5", co2e_avoided_tonnes="165.00", money_saved_eur="310000",
      document=("other", "pdf")),
    P("Réemploi des ordinateurs pour les bénéficiaires du CPAS", T.BEST_PRACTICE, "fr", "Thomas Collignon",
      (TH.LIFE_EXTENSION, TH.TAKE_BACK, TH.FAIR),
      "Les ordinateurs déclassés de l'administration sont effacés, reconditionnés par une entreprise "
      "d'économie sociale et prêtés aux bénéficiaires du CPAS.",
      md("""
      ## Le circuit

      1. Le service informatique déclasse les ordinateurs de plus de cinq ans.
      2. Une entreprise d'économie sociale efface les données (certificat par appareil) et les reconditionne.
      3. Le CPAS prête les ordinateurs aux bénéficiaires en formation ou en recherche d'emploi.

      ## Les points d'attention

      - prévoir un accompagnement numérique, pas seulement un appareil ;
      - garder une réserve pour les pannes.
      """),
      categories=("take-back-end-of-life", "refurbished-equipment"), criteria=("EOL-ITAD", "CIRC-ERASE", "FAIR-SOCEMP"),
      tenders=("IT-asset disposition: veilige wissing en hergebruik",),
      results="420 ordinateurs remis en service en trois ans.", devices_reused=420, co2e_avoided_tonnes="84.00"),
    P("Levensduurverlenging door upgrades: van vijf naar zeven jaar", T.BEST_PRACTICE, "nl", "Koen Maes",
      (TH.LIFE_EXTENSION, TH.TCO), "Met een onderhoudscontract voor geheugen, SSD en batterijen hield de stad "
      "haar laptops en desktops twee jaar langer in gebruik.",
      md("""
      ## Aanpak

      - Elk toestel van vier jaar oud krijgt een check: batterij, schijf, geheugen.
      - Wat nodig is wordt op locatie vervangen.
      - Pas wanneer een gebruikersprofiel meer vraagt, wordt het toestel doorgegeven aan een lichter profiel.

      ## Kosten

      Een upgrade kost gemiddeld een vijfde van een nieuw toestel.
      """),
      categories=("repair-maintenance", "laptops", "desktops"), criteria=("CIRC-LIFE", "CIRC-SPARE", "CIRC-REPAIR"),
      tenders=("Herstel en onderhoud van pc's en laptops",),
      results="Gemiddelde gebruiksduur van 5 naar 7 jaar.", devices_reused=1200,
      lifetime_extension_years="2.0", co2e_avoided_tonnes="180.00", money_saved_eur="540000"),
    P("Smartphones reconditionnés pour le personnel de la Ville", T.BEST_PRACTICE, "fr", "François Denis",
      (TH.REFURBISHED, TH.LIFE_EXTENSION),
      "La Ville de Namur équipe désormais son personnel de smartphones reconditionnés avec deux ans de "
      "garantie et des mises à jour de sécurité garanties.",
      md("""
      ## Ce que nous avons demandé

      - des modèles encore couverts par les mises à jour de sécurité pendant au moins trois ans ;
      - une batterie neuve ou à au moins 85 % de sa capacité d'origine ;
      - une coque et un verre de protection ;
      - aucun chargeur : nous en avions assez.

      ## Résultat

      Quatre offres, dont deux de reconditionneurs belges. Le taux de retour est resté sous 3 %.
      """),
      categories=("smartphones", "refurbished-equipment"), criteria=("CIRC-REFURB", "CIRC-UPDATE", "CIRC-PORT"),
      results="260 smartphones reconditionnés en service.", devices_reused=260, lifetime_extension_years="2.0",
      co2e_avoided_tonnes="12.50", money_saved_eur="58000"),
    P("Electronics Watch affiliation: our first year of factory monitoring", T.BEST_PRACTICE, "en", "Hanne Dewulf",
      (TH.FAIR, TH.CONTRACT_MANAGEMENT),
      "What happened after we affiliated to Electronics Watch and put its contract conditions in our "
      "smartphone contract: disclosure, a monitoring report and a remediation plan.",
      md("""
      ## Timeline

      1. Affiliation and the contract conditions in the smartphone tender.
      2. Factory disclosure by the supplier within a month of signature.
      3. A monitoring report by Electronics Watch's partner on one of the factories.
      4. A remediation plan agreed with the brand on excessive overtime.

      ## What it took from us

      - About two days a quarter of a contract manager's time.
      - Patience: remedy runs longer than the contract's first year.

      > The supplier was more cooperative than we feared once it saw other public buyers asking the same.
      """),
      categories=("smartphones",), criteria=("FAIR-EW", "FAIR-TRANSP"),
      tenders=("Smartphones met Electronics Watch-contractvoorwaarden",)),
    P("Tweedehands monitoren voor de provinciale diensten", T.BEST_PRACTICE, "nl", "Griet Goossens",
      (TH.REFURBISHED, TH.LIFE_EXTENSION), "De provincie kocht gereviseerde monitoren via een opdracht van "
      "beperkte waarde, geleverd in herbruikbare verpakking.",
      md("""
      ## Waarom monitoren

      Een monitor gaat technisch veel langer mee dan een laptop. Gereviseerde monitoren zijn ruim beschikbaar.

      ## Hoe

      - opdracht van beperkte waarde (aanvaarde factuur), drie offertes gevraagd;
      - minstens drie jaar garantie;
      - levering in herbruikbare kratten, zonder individuele dozen.
      """),
      categories=("monitors", "refurbished-equipment"), criteria=("CIRC-REFURB", "PACK-REUSE"),
      results="340 monitoren hergebruikt; geen kartonafval bij levering.", devices_reused=340,
      co2e_avoided_tonnes="30.00", money_saved_eur="42000"),
    P("Tablettes sans chargeurs pour les écoles", T.BEST_PRACTICE, "fr", "Evelien Claeys",
      (TH.CIRCULAR, TH.LIFE_EXTENSION), "Les tablettes des écoles communales ont été livrées sans chargeur ni "
      "câble, avec housse de protection et cinq ans de mises à jour.",
      md("""
      ## Le constat

      Les écoles avaient des dizaines de chargeurs USB-C inutilisés.

      ## Le marché

      - tablettes livrées **sans** chargeur ni câble ;
      - port de charge standardisé ;
      - housse de protection et verre trempé ;
      - au moins cinq ans de mises à jour du système.
      """),
      categories=("tablets",), criteria=("CIRC-PORT", "CIRC-UPDATE", "CIRC-DUR"),
      tenders=("Tablets voor het onderwijs met lange software-ondersteuning",),
      results="Moins d'emballage et un prix unitaire plus bas.", money_saved_eur="9500"),
    P("Serveurs reconditionnés avec une garantie de cinq ans", T.BEST_PRACTICE, "fr", "Quentin Massart",
      (TH.REFURBISHED, TH.TCO), "La Ville de Liège a remplacé une partie de ses serveurs par des serveurs "
      "reconditionnés avec une extension de garantie à cinq ans.",
      md("""
      ## Pourquoi des serveurs reconditionnés

      Pour nos charges de travail, des serveurs de la génération précédente suffisent largement.

      ## Les exigences

      | Exigence | Niveau demandé |
      |----------|----------------|
      | Garantie | 5 ans, pièces et main-d'œuvre |
      | Délai d'intervention | jour ouvrable suivant |
      | Effacement des disques d'origine | certificat par disque |
      | Alimentations | rendement déclaré |

      ## Résultat

      Aucune panne bloquante en deux ans.
      """),
      categories=("servers", "refurbished-equipment"), criteria=("CIRC-REFURB", "CIRC-WARR", "CLIM-PSU"),
      results="36 serveurs reconditionnés en production.", devices_reused=36, lifetime_extension_years="3.0",
      co2e_avoided_tonnes="27.00", money_saved_eur="95000", document=("other", "pdf")),
    P("Une petite commune dans le Circular and Fair ICT Pact", T.BEST_PRACTICE, "fr", "Sophie Laurent",
      (TH.TRAINING, TH.JOINT), "Engis a signé le Pact avec très peu de moyens : ce qu'une petite commune "
      "peut faire, et avec qui.",
      md("""
      ## Ce que nous avons fait

      - adhérer à une centrale d'achat qui applique déjà des critères circulaires ;
      - garder les ordinateurs plus longtemps et les faire réparer ;
      - participer aux réunions du groupe pour apprendre des autres.

      ## Ce qui nous a aidés

      Les modèles de clauses partagés par les autres membres du groupe.
      Voir aussi le [Circular and Fair ICT Pact](https://circularandfairictpact.com/).
      """),
      criteria=("CIRC-LIFE", "GOV-NEED")),
    P("Gedeelde schermen en docking op flexplekken", T.BEST_PRACTICE, "nl", "Pieter De Smet",
      (TH.LIFE_EXTENSION, TH.CIRCULAR), "Door flexwerken hebben we minder schermen nodig: gedeelde "
      "werkplekken met één dockingstation en twee schermen.",
      md("""
      ## Aanpak

      - één werkplek per twee medewerkers;
      - bestaande schermen hergebruikt;
      - dockingstations met gerecycleerd plastic.
      """),
      categories=("monitors", "accessories-peripherals"), criteria=("GOV-NEED", "CIRC-RECYC"),
      status=Status.CHANGES_REQUESTED,
      review_comment="Kunt u de gemeten resultaten toevoegen (aantal schermen, besparing) en de opdracht voor "
                     "de dockingstations koppelen?"),

    # --- Lessons learned -------------------------------------------------------------------
    P("Leasing is niet vanzelf circulair", T.LESSONS, "nl", "Bart Mertens",
      (TH.TAKE_BACK, TH.CONTRACT_MANAGEMENT),
      "Bij printers als dienst wisten we niet wat er met de teruggenomen toestellen gebeurde. In de nieuwe "
      "opdracht staat een rapporteringsplicht.",
      md("""
      ## Wat misliep

      Het vorige contract zei niets over de teruggenomen toestellen. Navraag leerde dat de meeste werden
      gerecycleerd, ook toestellen van drie jaar oud.

      ## Wat we nu vragen

      - rapportering per kwartaal: hergebruikt, onderdelen, gerecycleerd;
      - een minimale gebruiksduur per toestel, ook na terugname;
      - herbruikbare verpakking voor toners.
      """),
      categories=("printers-imaging",), criteria=("CIRC-AAS", "GOV-REPORT", "PACK-REUSE"),
      tenders=("Multifunctionele printers als dienst",)),
    P("Ce que nous avons appris de notre premier marché réservé ITAD", T.LESSONS, "fr", "Marc Renard",
      (TH.TAKE_BACK, TH.FAIR),
      "Un marché de gestion de fin de vie réservé à l'économie sociale : plus de réemploi que prévu, mais "
      "un démarrage lent.",
      md("""
      ## Ce qui a marché

      - le réemploi a dépassé nos attentes : 60 % des appareils collectés ;
      - les certificats d'effacement par appareil rassurent le délégué à la protection des données.

      ## Ce qui a moins bien marché

      - trois mois pour mettre en place la collecte dans tous les bâtiments ;
      - des lots trop petits dans certaines régions.

      ## À refaire autrement

      Prévoir des lots par région et une phase de démarrage dans le calendrier.
      """),
      categories=("take-back-end-of-life",), criteria=("EOL-ITAD", "FAIR-SOCEMP", "CIRC-ERASE"),
      tenders=("IT-asset disposition: veilige wissing en hergebruik",),
      results="2 300 appareils collectés, dont 1 400 réemployés.", devices_reused=1400,
      co2e_avoided_tonnes="210.00", document=("other", "pdf")),
    P("Battery requirements set too high: a tender with a single bid", T.LESSONS, "en", "Els Claes",
      (TH.REFURBISHED, TH.MARKET_ENGAGEMENT),
      "Our first tender for refurbished laptops asked for battery endurance no refurbisher could prove. "
      "One bid, well above budget. What we changed.",
      md("""
      ## What went wrong

      We copied the battery requirement for **new** laptops into a tender for **refurbished** ones,
      with a test report per device. Only one bidder could meet it.

      ## What we changed

      - a new battery *or* a measured remaining capacity, reported per device;
      - a market consultation before publishing;
      - award points for longer warranty instead of stricter minimums.

      The second tender drew five bids.
      """),
      categories=("laptops", "refurbished-equipment"), criteria=("CIRC-BATT", "CIRC-REFURB", "GOV-MARKET")),
    P("Robuuste toestellen voor interventieteams", T.LESSONS, "nl", "Dirk Vandenberghe",
      (TH.LIFE_EXTENSION,), "Goedkope smartphones overleefden het werk op straat niet. Robuustheid "
      "als gunningscriterium halveerde het aantal vervangingen.",
      md("""
      ## Les

      Voor interventieteams telt robuustheid meer dan de prijs: valtest en waterdichtheid werden
      gunningscriteria, met een beschermhoes in de prijs.
      """),
      categories=("smartphones", "laptops"), criteria=("CIRC-DUR",), results="Vervangingen na schade gehalveerd."),
    P("Imprimantes : le coût total de possession a changé le classement", T.LESSONS, "fr", "Laurent Fontaine",
      (TH.TCO,), "Avec un critère de coût total sur cinq ans (consommables, énergie, maintenance), l'offre "
      "la moins chère à l'achat est arrivée troisième.",
      md("""
      ## Les chiffres

      | Offre | Prix d'achat | Coût total sur 5 ans |
      |-------|--------------|-----------------------|
      | A | le plus bas | 3ᵉ |
      | B | 2ᵉ | le plus bas |
      | C | le plus haut | 2ᵉ |

      ## La leçon

      Le coût des consommables pèse plus que le prix de l'appareil.
      """),
      categories=("printers-imaging",), criteria=("CLIM-LCC",),
      tenders=("Multifunctionele printers als dienst",), money_saved_eur="68000"),
    P("Opvolging van duurzaamheidsclausules tijdens het contract", T.LESSONS, "nl", "Nele Lambrechts",
      (TH.CONTRACT_MANAGEMENT,), "Een clausule zonder opvolging is een wens. Hoe we de rapportering van "
      "leveranciers in onze contractvergaderingen opnamen.",
      md("""
      ## Wat werkt

      - een vast agendapunt *duurzaamheid* op elke contractvergadering;
      - een eenvoudig sjabloon voor de rapportering van de leverancier;
      - de cijfers jaarlijks delen in dit portaal.
      """),
      criteria=("GOV-REPORT",)),
    P("Market consultation on refurbished devices for federal framework agreements", T.LESSONS, "en", "Jan Peeters",
      (TH.MARKET_ENGAGEMENT, TH.REFURBISHED, TH.JOINT),
      "What a market consultation told us before a federal framework agreement for laptops with a lot for "
      "refurbished devices.",
      md("""
      ## What the market said

      - Volumes of the same refurbished model are limited: allow several models per lot.
      - Five years of warranty is possible for refurbished devices at a price.
      """),
      categories=("laptops", "refurbished-equipment"), criteria=("GOV-MARKET", "CIRC-REFURB"),
      tenders=("Marktconsultatie circulaire werkplek-ICT",), status=Status.SUBMITTED),
]


def _members() -> dict[str, Member]:
    logins = {f"{p.first_name} {p.last_name}": p.login for p in PEOPLE}
    by_email = Member.objects.select_related("organisation").in_bulk(list(logins.values()), field_name="email")
    return {name: by_email[login] for name, login in logins.items() if login in by_email}


def _tenders(titles: tuple[str, ...], organisation_id: int) -> list[Tender]:
    """Published demo tenders of these scenarios; one per scenario, the author's own organisation first."""
    found = []
    for title in titles:
        scenario = next(s for s in SCENARIOS if s.title["nl"] == title)
        matches = Q()
        for prefix in scenario.title.values():
            matches |= Q(title__startswith=prefix)
        candidates = list(
            Tender.objects.published().filter(matches, reference__startswith="DEMO-").order_by("reference")
        )
        candidates.sort(key=lambda t: t.organisation_id != organisation_id)
        found += candidates[:1]
    return found


def _document_lines(practice: Practice) -> list[str]:
    lines = [practice.title, practice.organisation.name, practice.summary]
    for text in (practice.recommendations, practice.body):
        for line in text.splitlines():
            line = re.sub(r"^\s*(#+|[-*>]|\d+\.)\s*", "", line).replace("**", "").replace("|", " ").strip()
            if line and not set(line) <= set("- "):
                lines.append(line)
    return lines


def _day(n: int, demo: DemoPractice) -> date:
    return demo.day or min(date(2023, 2, 1) + timedelta(days=41 * n), date.today() - timedelta(days=30 + n))


def seed_practices(stdout) -> None:
    from buyersgroup.documents import services as documents

    members = _members()
    coordinator = Member.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    created = documents_made = 0
    for n, demo in enumerate(PRACTICES, start=1):
        author = members[demo.author]
        if Practice.objects.filter(title=demo.title, organisation=author.organisation).exists():
            continue
        practice = Practice(
            title=demo.title, practice_type=demo.practice_type, language=demo.language,
            themes=list(demo.themes), summary=demo.summary, body=demo.body,
            recommendations=demo.recommendations, results=demo.results,
            devices_reused=demo.devices_reused,
            lifetime_extension_years=Decimal(demo.lifetime_extension_years) if demo.lifetime_extension_years else None,
            co2e_avoided_tonnes=Decimal(demo.co2e_avoided_tonnes) if demo.co2e_avoided_tonnes else None,
            money_saved_eur=Decimal(demo.money_saved_eur) if demo.money_saved_eur else None,
            author=author, organisation=author.organisation, status=Status.DRAFT,
        )
        practice.full_clean()
        practice.save()
        practice.categories.set(ProductCategory.objects.filter(slug__in=demo.categories))
        practice.criteria.set(Criterion.objects.filter(code__in=demo.criteria))
        practice.related_tenders.set(_tenders(demo.tenders, author.organisation_id))
        if demo.document:
            doc_type, kind = demo.document
            lines = _document_lines(practice)
            content = pdf_bytes(lines) if kind == "pdf" else docx_bytes(lines)
            upload = SimpleUploadedFile(f"{slugify(demo.title)[:60]}.{kind}", content)
            documents.attach(practice, upload, doc_type=doc_type, language=demo.language, by=author)
            documents_made += 1
        comments = {Status.CHANGES_REQUESTED: demo.review_comment} if demo.review_comment else None
        play_history(practice, demo.status, author, coordinator, _day(n, demo), comments)
        created += 1
    stdout.write(
        f"Practices: {created} created ({documents_made} with a document), "
        f"{len(PRACTICES) - created} already there."
    )
