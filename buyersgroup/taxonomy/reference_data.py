"""The starting set of criteria and product categories every portal database gets.

Loaded once by the data migration ``0003_load_reference_data``; after that the
coordinators own them and edit them in the portal. The criteria follow the pillars
of shared/domain.md §2.1 (EU GPP criteria for computers, monitors, tablets and
smartphones, TCO Certified, EPEAT, Electronics Watch, Flemish circular-ICT lessons),
written in our own words. The categories' CPV codes are those of domain.md §2.3.

Each text is a tuple (English, Dutch, French).
"""

from __future__ import annotations

from typing import NamedTuple


class CriterionData(NamedTuple):
    code: str
    pillar: str
    name: tuple[str, str, str]
    description: tuple[str, str, str]
    verification: tuple[str, str, str]


class CategoryData(NamedTuple):
    slug: str
    name: tuple[str, str, str]
    cpv_codes: tuple[str, ...]


_SUPPLIER_DECLARATION = ("Supplier declaration.", "Verklaring van de leverancier.", "Déclaration du fournisseur.")
_TCO = ("TCO Certified.", "TCO Certified.", "TCO Certified.")

CRITERIA = [
    # --- Circularity and life extension -------------------------------------------------
    CriterionData(
        "CIRC-WARR",
        "circularity",
        ("Warranty and service agreement", "Garantie en serviceovereenkomst", "Garantie et contrat de service"),
        (
            "The supplier guarantees repair or replacement for a minimum period after delivery, batteries included, "
            "with on-site repair or collection and return. A longer warranty can earn extra points.",
            "De leverancier garandeert herstelling of vervanging gedurende een minimale periode na levering, "
            "batterijen inbegrepen, met herstelling ter plaatse of ophaling en terugbezorging. Een langere garantie "
            "kan extra punten opleveren.",
            "Le fournisseur garantit la réparation ou le remplacement pendant une durée minimale après la livraison, "
            "batteries comprises, avec réparation sur place ou enlèvement et retour. Une garantie plus longue peut "
            "rapporter des points supplémentaires.",
        ),
        (
            "Warranty terms or a written declaration. TCO Certified generation 10 asks for a warranty offer of at "
            "least five years.",
            "Garantievoorwaarden of een schriftelijke verklaring. TCO Certified generatie 10 vraagt een "
            "garantieaanbod van minstens vijf jaar.",
            "Conditions de garantie ou déclaration écrite. TCO Certified génération 10 exige une offre de garantie "
            "d'au moins cinq ans.",
        ),
    ),
    CriterionData(
        "CIRC-UPDATE",
        "circularity",
        ("Software and security updates", "Software- en beveiligingsupdates", "Mises à jour logicielles et de sécurité"),
        (
            "Security and functional updates of the operating system are provided free of charge for a minimum "
            "number of years after purchase.",
            "Beveiligings- en functionele updates van het besturingssysteem worden gedurende een minimaal aantal "
            "jaren na aankoop kosteloos aangeboden.",
            "Les mises à jour de sécurité et de fonctionnalité du système d'exploitation sont fournies gratuitement "
            "pendant un nombre minimal d'années après l'achat.",
        ),
        (
            "Supplier declaration. TCO Certified generation 10 asks for at least five years.",
            "Verklaring van de leverancier. TCO Certified generatie 10 vraagt minstens vijf jaar.",
            "Déclaration du fournisseur. TCO Certified génération 10 exige au moins cinq ans.",
        ),
    ),
    CriterionData(
        "CIRC-SPARE",
        "circularity",
        ("Spare parts availability", "Beschikbaarheid van reserveonderdelen", "Disponibilité des pièces détachées"),
        (
            "Essential spare parts can still be ordered for a set number of years after the model is no longer "
            "produced.",
            "Essentiële reserveonderdelen blijven bestelbaar gedurende een vastgelegd aantal jaren nadat het model "
            "uit productie is genomen.",
            "Les pièces détachées essentielles restent disponibles à la commande pendant un nombre d'années fixé "
            "après l'arrêt de la production du modèle.",
        ),
        (
            "Supplier declaration, optional EPEAT criteria or TCO Certified.",
            "Verklaring van de leverancier, optionele EPEAT-criteria of TCO Certified.",
            "Déclaration du fournisseur, critères optionnels EPEAT ou TCO Certified.",
        ),
    ),
    CriterionData(
        "CIRC-REPAIR",
        "circularity",
        ("Design for repair and upgrade", "Ontwerp voor herstelling en upgrade", "Conception pour la réparation et l'évolutivité"),
        (
            "The battery, screen, keyboard, storage and memory can be replaced or upgraded with common tools, and "
            "repair information is available.",
            "Batterij, scherm, toetsenbord, opslag en geheugen kunnen met gewoon gereedschap worden vervangen of "
            "uitgebreid, en herstelinformatie is beschikbaar.",
            "La batterie, l'écran, le clavier, le stockage et la mémoire peuvent être remplacés ou améliorés avec des "
            "outils courants, et les informations de réparation sont disponibles.",
        ),
        (
            "TCO Certified, EPEAT (upgradeable with common tools, easy disassembly) or a disassembly test.",
            "TCO Certified, EPEAT (uitbreidbaar met gewoon gereedschap, eenvoudige demontage) of een demontagetest.",
            "TCO Certified, EPEAT (évolutif avec des outils courants, démontage aisé) ou un essai de démontage.",
        ),
    ),
    CriterionData(
        "CIRC-BATT",
        "circularity",
        ("Battery endurance and health", "Levensduur en toestand van de batterij", "Endurance et état de la batterie"),
        (
            "New batteries keep at least 80 % of their capacity after more than 300 full charge cycles "
            "(EN 61960-3). The device protects its battery with software and shows the battery's state of health.",
            "Nieuwe batterijen behouden na meer dan 300 volledige laadcycli minstens 80 % van hun capaciteit "
            "(EN 61960-3). Het toestel beschermt de batterij met software en toont de toestand van de batterij.",
            "Les batteries neuves conservent au moins 80 % de leur capacité après plus de 300 cycles de charge "
            "complets (EN 61960-3). L'appareil protège sa batterie par logiciel et en affiche l'état de santé.",
        ),
        ("Test report or TCO Certified.", "Testrapport of TCO Certified.", "Rapport d'essai ou TCO Certified."),
    ),
    CriterionData(
        "CIRC-DUR",
        "circularity",
        ("Robustness", "Robuustheid", "Robustesse"),
        (
            "Devices withstand drops, dust, water and everyday wear, above all smartphones, tablets and rugged "
            "notebooks. Protective cases and screen protectors can be part of the order.",
            "Toestellen zijn bestand tegen vallen, stof, water en dagelijkse slijtage, vooral smartphones, tablets "
            "en robuuste laptops. Beschermhoezen en schermbeschermers kunnen deel uitmaken van de bestelling.",
            "Les appareils résistent aux chutes, à la poussière, à l'eau et à l'usure quotidienne, surtout les "
            "smartphones, les tablettes et les portables renforcés. Des coques et des protections d'écran peuvent "
            "faire partie de la commande.",
        ),
        (
            "Test reports (drop test, IP rating) or a supplier declaration.",
            "Testrapporten (valtest, IP-classificatie) of een verklaring van de leverancier.",
            "Rapports d'essai (test de chute, indice IP) ou déclaration du fournisseur.",
        ),
    ),
    CriterionData(
        "CIRC-PORT",
        "circularity",
        (
            "Standard charging port, no surplus accessories",
            "Standaard laadpoort, geen overbodige accessoires",
            "Port de charge standard, sans accessoires superflus",
        ),
        (
            "Devices charge through a standardised external port, and chargers or cables the buyer does not need "
            "are left out of the delivery.",
            "Toestellen laden op via een gestandaardiseerde externe poort, en laders of kabels die de koper niet "
            "nodig heeft, worden niet meegeleverd.",
            "Les appareils se rechargent par un port externe standardisé, et les chargeurs ou câbles dont "
            "l'acheteur n'a pas besoin ne sont pas livrés.",
        ),
        _SUPPLIER_DECLARATION,
    ),
    CriterionData(
        "CIRC-ERASE",
        "circularity",
        ("Secure data erasure", "Veilige gegevenswissing", "Effacement sécurisé des données"),
        (
            "The device has a built-in function that securely erases all user data, so that someone else can "
            "reuse it.",
            "Het toestel heeft een ingebouwde functie die alle gebruikersgegevens veilig wist, zodat iemand anders "
            "het kan hergebruiken.",
            "L'appareil dispose d'une fonction intégrée qui efface de manière sûre toutes les données de "
            "l'utilisateur, afin que quelqu'un d'autre puisse le réutiliser.",
        ),
        (
            "Supplier declaration or product documentation describing the function.",
            "Verklaring van de leverancier of productdocumentatie die de functie beschrijft.",
            "Déclaration du fournisseur ou documentation du produit décrivant la fonction.",
        ),
    ),
    CriterionData(
        "CIRC-REFURB",
        "circularity",
        (
            "Refurbished or remanufactured devices",
            "Refurbished of gereviseerde toestellen",
            "Appareils reconditionnés ou remanufacturés",
        ),
        (
            "Reused devices are bought in a lot or tender of their own, with documented quality control of the "
            "refurbishment, a warranty of at least one year and requirements on the condition of the batteries.",
            "Hergebruikte toestellen worden aangekocht in een eigen perceel of opdracht, met een gedocumenteerde "
            "kwaliteitscontrole van de revisie, minstens één jaar garantie en eisen aan de toestand van de "
            "batterijen.",
            "Les appareils de seconde main sont achetés dans un lot ou un marché distinct, avec un contrôle de "
            "qualité documenté du reconditionnement, une garantie d'au moins un an et des exigences sur l'état des "
            "batteries.",
        ),
        (
            "The supplier's quality procedure, a refurbisher certification or recognised reuse standard, and the "
            "warranty terms.",
            "De kwaliteitsprocedure van de leverancier, een certificering als refurbisher of een erkende norm voor "
            "hergebruik, en de garantievoorwaarden.",
            "La procédure qualité du fournisseur, une certification de reconditionneur ou une norme de réemploi "
            "reconnue, et les conditions de garantie.",
        ),
    ),
    CriterionData(
        "CIRC-RECYC",
        "circularity",
        ("Recycled content", "Gerecycleerd materiaal", "Contenu recyclé"),
        (
            "Casings contain a minimum or declared share of recycled post-consumer plastic.",
            "Behuizingen bevatten een minimaal of opgegeven aandeel gerecycleerd post-consumer plastic.",
            "Les boîtiers contiennent une part minimale ou déclarée de plastique recyclé post-consommation.",
        ),
        (
            "Recycled-content declarations of TCO Certified, EPEAT or the Blue Angel, or a supplier declaration.",
            "Verklaringen over gerecycleerd materiaal van TCO Certified, EPEAT of de Blauer Engel, of een "
            "verklaring van de leverancier.",
            "Déclarations de contenu recyclé de TCO Certified, d'EPEAT ou de l'Ange bleu, ou déclaration du "
            "fournisseur.",
        ),
    ),
    CriterionData(
        "CIRC-LIFE",
        "circularity",
        ("Use devices longer", "Toestellen langer gebruiken", "Utiliser les appareils plus longtemps"),
        (
            "Devices are replaced when a user's real needs call for it, not when the depreciation period ends, and "
            "they are passed on and reused within the organisation.",
            "Toestellen worden vervangen wanneer de werkelijke noden van de gebruiker dat vragen, niet wanneer de "
            "afschrijvingstermijn afloopt, en ze worden binnen de organisatie doorgegeven en hergebruikt.",
            "Les appareils sont remplacés lorsque les besoins réels de l'utilisateur l'exigent, et non à la fin de "
            "la période d'amortissement. Ils sont transmis et réutilisés au sein de l'organisation.",
        ),
        (
            "Internal policy and repair options in the contract.",
            "Intern beleid en herstelopties in het contract.",
            "Politique interne et options de réparation dans le contrat.",
        ),
    ),
    CriterionData(
        "CIRC-FUNC",
        "circularity",
        ("Functional specification", "Functionele specificatie", "Spécification fonctionnelle"),
        (
            "The tender describes user profiles and the software they run instead of processor or memory figures, "
            "so that older or refurbished equipment can also qualify.",
            "Het bestek beschrijft gebruikersprofielen en de software die ze gebruiken in plaats van processor- of "
            "geheugenwaarden, zodat ook oudere of refurbished apparatuur in aanmerking komt.",
            "Le cahier des charges décrit des profils d'utilisateurs et les logiciels qu'ils utilisent plutôt que "
            "des valeurs de processeur ou de mémoire, afin que du matériel plus ancien ou reconditionné puisse "
            "aussi convenir.",
        ),
        (
            "The way the tender documents are written.",
            "De manier waarop de opdrachtdocumenten zijn opgesteld.",
            "La rédaction des documents du marché.",
        ),
    ),
    CriterionData(
        "CIRC-AAS",
        "circularity",
        (
            "Leasing or device-as-a-service with take-back",
            "Leasing of device-as-a-service met terugname",
            "Location ou appareil en tant que service avec reprise",
        ),
        (
            "Leasing is accepted only if the supplier is open about what happens to returned devices and "
            "guarantees that they are used further. Leasing is not circular in itself.",
            "Leasing wordt enkel aanvaard als de leverancier open is over wat er met teruggenomen toestellen "
            "gebeurt en garandeert dat ze verder gebruikt worden. Leasing is op zich niet circulair.",
            "La location n'est acceptée que si le fournisseur est transparent sur le sort des appareils restitués "
            "et garantit leur utilisation prolongée. La location n'est pas circulaire en soi.",
        ),
        (
            "A reporting clause in the contract.",
            "Een rapporteringsclausule in het contract.",
            "Une clause de rapportage dans le contrat.",
        ),
    ),
    # --- Fair and social supply chain ---------------------------------------------------
    CriterionData(
        "FAIR-EW",
        "fair",
        (
            "Electronics Watch contract conditions",
            "Contractvoorwaarden van Electronics Watch",
            "Conditions contractuelles d'Electronics Watch",
        ),
        (
            "The contractor carries out human-rights due diligence, discloses the factories that make the goods, "
            "works with independent monitors and remedies breaches, including compensation of workers. Prices and "
            "lead times leave room to comply. The buyer responds step by step, up to sanctions.",
            "De opdrachtnemer voert een zorgvuldigheidsonderzoek naar mensenrechten uit, maakt bekend in welke "
            "fabrieken de goederen gemaakt worden, werkt samen met onafhankelijke monitors en herstelt inbreuken, "
            "met inbegrip van de vergoeding van werknemers. Prijzen en levertermijnen maken naleving mogelijk. De "
            "koper treedt stapsgewijs op, tot en met sancties.",
            "Le titulaire exerce une diligence raisonnable en matière de droits humains, communique les usines qui "
            "fabriquent les biens, coopère avec des contrôleurs indépendants et remédie aux manquements, y compris "
            "par l'indemnisation des travailleurs. Les prix et les délais permettent de respecter ces conditions. "
            "L'acheteur réagit par étapes, jusqu'aux sanctions.",
        ),
        (
            "The buyer's affiliation to Electronics Watch, the factory disclosure and Electronics Watch monitoring "
            "reports.",
            "De aansluiting van de koper bij Electronics Watch, de bekendmaking van de fabrieken en de "
            "monitoringrapporten van Electronics Watch.",
            "L'affiliation de l'acheteur à Electronics Watch, la communication des usines et les rapports de "
            "contrôle d'Electronics Watch.",
        ),
    ),
    CriterionData(
        "FAIR-DD",
        "fair",
        (
            "Supply-chain due diligence",
            "Zorgvuldigheidsonderzoek in de toeleveringsketen",
            "Diligence raisonnable dans la chaîne d'approvisionnement",
        ),
        (
            "The supplier has a code of conduct, assesses risks, audits final assembly and deeper tiers of the "
            "supply chain, and follows up with corrective action.",
            "De leverancier heeft een gedragscode, beoordeelt risico's, auditeert de eindassemblage en verder "
            "gelegen schakels van de toeleveringsketen en volgt op met corrigerende maatregelen.",
            "Le fournisseur dispose d'un code de conduite, évalue les risques, audite l'assemblage final et les "
            "niveaux plus lointains de la chaîne d'approvisionnement, et assure le suivi par des mesures "
            "correctives.",
        ),
        (
            "TCO Certified (supply-chain criteria) or a self-declaration with evidence.",
            "TCO Certified (criteria over de toeleveringsketen) of een eigen verklaring met bewijsstukken.",
            "TCO Certified (critères relatifs à la chaîne d'approvisionnement) ou autodéclaration étayée de "
            "preuves.",
        ),
    ),
    CriterionData(
        "FAIR-MIN",
        "fair",
        ("Responsible minerals", "Verantwoorde mineralen", "Minerais responsables"),
        (
            "A minimum share of the smelters and refiners in the product's supply chain take part in a recognised "
            "due-diligence programme.",
            "Een minimaal aandeel van de smelterijen en raffinaderijen in de toeleveringsketen van het product "
            "neemt deel aan een erkend programma voor zorgvuldigheidsonderzoek.",
            "Une part minimale des fonderies et affineries de la chaîne d'approvisionnement du produit participe à "
            "un programme reconnu de diligence raisonnable.",
        ),
        (
            "TCO Certified generation 10 (at least 70 % of smelters and refiners conformant).",
            "TCO Certified generatie 10 (minstens 70 % van de smelterijen en raffinaderijen conform).",
            "TCO Certified génération 10 (au moins 70 % des fonderies et affineries conformes).",
        ),
    ),
    CriterionData(
        "FAIR-TRANSP",
        "fair",
        (
            "Supply-chain transparency",
            "Transparantie in de toeleveringsketen",
            "Transparence de la chaîne d'approvisionnement",
        ),
        (
            "The supplier lists the production sites of the first tier, and further where possible, and keeps the "
            "list up to date for as long as the contract runs.",
            "De leverancier geeft de productielocaties van de eerste schakel op, en waar mogelijk ook verder in de "
            "keten, en houdt die lijst bij zolang het contract loopt.",
            "Le fournisseur communique la liste des sites de production de premier rang, et au-delà si possible, "
            "et la tient à jour pendant toute la durée du contrat.",
        ),
        (
            "Disclosure form (Electronics Watch) or TCO Certified.",
            "Bekendmakingsformulier (Electronics Watch) of TCO Certified.",
            "Formulaire de communication (Electronics Watch) ou TCO Certified.",
        ),
    ),
    CriterionData(
        "FAIR-BRIBE",
        "fair",
        ("Anti-bribery management", "Beheersysteem tegen omkoping", "Management anticorruption"),
        (
            "The brand owner runs an anti-bribery management system in line with ISO 37001.",
            "De merkeigenaar heeft een beheersysteem tegen omkoping volgens ISO 37001.",
            "Le propriétaire de la marque applique un système de management anticorruption conforme à ISO 37001.",
        ),
        ("TCO Certified generation 10.", "TCO Certified generatie 10.", "TCO Certified génération 10."),
    ),
    CriterionData(
        "FAIR-SOCEMP",
        "fair",
        ("Social economy and reserved lots", "Sociale economie en voorbehouden percelen", "Économie sociale et lots réservés"),
        (
            "Some lots, for example refurbishment or the disposal of IT equipment, are reserved for social-economy "
            "enterprises.",
            "Sommige percelen, bijvoorbeeld refurbishing of de afvoer van IT-apparatuur, worden voorbehouden aan "
            "ondernemingen uit de sociale economie.",
            "Certains lots, par exemple le reconditionnement ou l'enlèvement du matériel informatique, sont "
            "réservés à des entreprises d'économie sociale.",
        ),
        (
            "The tenderer's status for reserved contracts.",
            "Het statuut van de inschrijver voor voorbehouden opdrachten.",
            "Le statut du soumissionnaire pour les marchés réservés.",
        ),
    ),
    CriterionData(
        "FAIR-ACCESS",
        "fair",
        (
            "Accessibility for persons with disabilities",
            "Toegankelijkheid voor personen met een handicap",
            "Accessibilité pour les personnes handicapées",
        ),
        (
            "The ICT can be used by persons with disabilities, following the European accessibility requirements "
            "for ICT (EN 301 549).",
            "De ICT is bruikbaar voor personen met een handicap, volgens de Europese toegankelijkheidseisen voor "
            "ICT (EN 301 549).",
            "Les TIC sont utilisables par les personnes handicapées, conformément aux exigences européennes "
            "d'accessibilité des TIC (EN 301 549).",
        ),
        ("Conformance statement.", "Conformiteitsverklaring.", "Déclaration de conformité."),
    ),
    # --- Climate and energy -------------------------------------------------------------
    CriterionData(
        "CLIM-EE",
        "climate",
        ("Energy efficiency of computers", "Energie-efficiëntie van computers", "Efficacité énergétique des ordinateurs"),
        (
            "The typical energy consumption, measured according to IEC 62623, stays within the ENERGY STAR limit "
            "for the product category. A lower consumption can earn points.",
            "Het typisch energieverbruik, gemeten volgens IEC 62623, blijft binnen de ENERGY STAR-grens voor de "
            "productcategorie. Een lager verbruik kan punten opleveren.",
            "La consommation d'énergie typique, mesurée selon IEC 62623, reste dans la limite ENERGY STAR de la "
            "catégorie de produit. Une consommation plus faible peut rapporter des points.",
        ),
        (
            "ENERGY STAR registration, TCO Certified, EPEAT or a report from an ISO 17025 accredited laboratory.",
            "ENERGY STAR-registratie, TCO Certified, EPEAT of een rapport van een ISO 17025-geaccrediteerd "
            "laboratorium.",
            "Enregistrement ENERGY STAR, TCO Certified, EPEAT ou rapport d'un laboratoire accrédité ISO 17025.",
        ),
    ),
    CriterionData(
        "CLIM-EE-MON",
        "climate",
        ("Energy efficiency of monitors", "Energie-efficiëntie van beeldschermen", "Efficacité énergétique des écrans"),
        (
            "Monitors fall within an agreed range of EU energy label classes (Regulation (EU) 2019/2013).",
            "Beeldschermen vallen binnen een afgesproken reeks klassen van het EU-energielabel (Verordening (EU) "
            "2019/2013).",
            "Les écrans se situent dans une fourchette convenue de classes de l'étiquette énergétique de l'UE "
            "(règlement (UE) 2019/2013).",
        ),
        (
            "EU energy label and the product's entry in EPREL.",
            "EU-energielabel en de registratie van het product in EPREL.",
            "Étiquette énergétique de l'UE et fiche du produit dans EPREL.",
        ),
    ),
    CriterionData(
        "CLIM-PSU",
        "climate",
        ("Power supply efficiency", "Efficiëntie van de voeding", "Efficacité de l'alimentation électrique"),
        (
            "External power supplies meet the International Efficiency Protocol, and powerful internal power "
            "supplies reach a high minimum efficiency.",
            "Externe voedingen voldoen aan het International Efficiency Protocol, en krachtige interne voedingen "
            "halen een hoog minimumrendement.",
            "Les alimentations externes respectent l'International Efficiency Protocol, et les alimentations "
            "internes de forte puissance atteignent un rendement minimal élevé.",
        ),
        _TCO,
    ),
    CriterionData(
        "CLIM-PCF",
        "climate",
        ("Product carbon footprint", "Koolstofvoetafdruk van het product", "Empreinte carbone du produit"),
        (
            "The supplier declares the product's carbon footprint over its whole life cycle and can be rewarded "
            "for staying below the average of its category.",
            "De leverancier geeft de koolstofvoetafdruk van het product over de hele levenscyclus op en kan "
            "beloond worden als die onder het gemiddelde van de categorie ligt.",
            "Le fournisseur déclare l'empreinte carbone du produit sur l'ensemble de son cycle de vie et peut être "
            "récompensé s'il reste sous la moyenne de sa catégorie.",
        ),
        (
            "A product carbon footprint report (for example based on ISO 14067) or TCO Certified.",
            "Een rapport over de koolstofvoetafdruk van het product (bijvoorbeeld op basis van ISO 14067) of TCO "
            "Certified.",
            "Un rapport d'empreinte carbone du produit (par exemple fondé sur ISO 14067) ou TCO Certified.",
        ),
    ),
    CriterionData(
        "CLIM-RE",
        "climate",
        (
            "Renewable electricity in manufacturing",
            "Hernieuwbare elektriciteit bij de productie",
            "Électricité renouvelable dans la fabrication",
        ),
        (
            "The brand owner buys renewable electricity for a set share of the electricity used in final assembly, "
            "and in newer label generations also in display-panel plants.",
            "De merkeigenaar koopt hernieuwbare elektriciteit aan voor een vastgelegd deel van het "
            "elektriciteitsverbruik bij de eindassemblage, en in nieuwere generaties van het label ook in de "
            "fabrieken van beeldschermpanelen.",
            "Le propriétaire de la marque achète de l'électricité renouvelable pour une part fixée de la "
            "consommation de l'assemblage final et, dans les nouvelles générations du label, aussi des usines de "
            "dalles d'écran.",
        ),
        (
            "TCO Certified (generation 10: 15 % of the final-assembly consumption).",
            "TCO Certified (generatie 10: 15 % van het verbruik bij de eindassemblage).",
            "TCO Certified (génération 10 : 15 % de la consommation de l'assemblage final).",
        ),
    ),
    CriterionData(
        "CLIM-EMS",
        "climate",
        (
            "Energy and environmental management in factories",
            "Energie- en milieubeheer in fabrieken",
            "Management de l'énergie et de l'environnement dans les usines",
        ),
        (
            "Final-assembly and display-panel plants are certified to ISO 14001 and ISO 50001.",
            "De fabrieken voor eindassemblage en beeldschermpanelen zijn gecertificeerd volgens ISO 14001 en "
            "ISO 50001.",
            "Les usines d'assemblage final et de dalles d'écran sont certifiées ISO 14001 et ISO 50001.",
        ),
        _TCO,
    ),
    CriterionData(
        "CLIM-LCC",
        "climate",
        ("Life-cycle costing", "Levenscycluskosten", "Coût du cycle de vie"),
        (
            "Offers are compared on their total cost (purchase, energy, maintenance and end of life), not on the "
            "purchase price alone.",
            "Offertes worden vergeleken op hun totale kosten (aankoop, energie, onderhoud en einde levensduur), "
            "niet enkel op de aankoopprijs.",
            "Les offres sont comparées sur leur coût total (achat, énergie, entretien et fin de vie) et non sur le "
            "seul prix d'achat.",
        ),
        (
            "A life-cycle costing tool, such as the one in FIDO's guide to sustainable procurement.",
            "Een instrument voor levenscycluskosten, zoals dat in de Gids voor duurzame aankopen van het FIDO.",
            "Un outil de calcul du coût du cycle de vie, comme celui du Guide des achats durables de l'IFDD.",
        ),
    ),
    CriterionData(
        "CLIM-LOGI",
        "climate",
        ("Low-emission delivery and service", "Emissiearme levering en service", "Livraison et service à faibles émissions"),
        (
            "Deliveries and repair visits use low-emission transport and are grouped, and repairs are done on site "
            "where possible.",
            "Leveringen en herstelbezoeken gebeuren met emissiearm vervoer en worden gebundeld, en herstellingen "
            "gebeuren waar mogelijk ter plaatse.",
            "Les livraisons et les interventions de réparation utilisent des transports à faibles émissions et "
            "sont groupées, et les réparations se font sur place lorsque c'est possible.",
        ),
        (
            "Supplier declaration and reports during the contract.",
            "Verklaring van de leverancier en rapporten tijdens het contract.",
            "Déclaration du fournisseur et rapports en cours de contrat.",
        ),
    ),
    # --- Hazardous substances ------------------------------------------------------------
    CriterionData(
        "HAZ-ROHS",
        "hazardous",
        ("RoHS compliance", "Conformiteit met RoHS", "Conformité RoHS"),
        (
            "The legal limits on lead, mercury, cadmium, hexavalent chromium, PBB, PBDE and certain phthalates are "
            "met. This is the legal baseline.",
            "De wettelijke grenzen voor lood, kwik, cadmium, zeswaardig chroom, PBB, PBDE en bepaalde ftalaten "
            "worden nageleefd. Dit is het wettelijke minimum.",
            "Les limites légales pour le plomb, le mercure, le cadmium, le chrome hexavalent, les PBB, les PBDE et "
            "certains phtalates sont respectées. C'est le socle légal.",
        ),
        (
            "CE marking and RoHS declaration of conformity.",
            "CE-markering en RoHS-conformiteitsverklaring.",
            "Marquage CE et déclaration de conformité RoHS.",
        ),
    ),
    CriterionData(
        "HAZ-SVHC",
        "hazardous",
        (
            "Disclosure of substances of very high concern",
            "Melding van zeer zorgwekkende stoffen",
            "Déclaration des substances extrêmement préoccupantes",
        ),
        (
            "The supplier declares substances of the REACH Candidate List present above 0.1 % by weight in the "
            "device or its parts.",
            "De leverancier meldt stoffen van de REACH-kandidaatslijst die boven 0,1 massaprocent aanwezig zijn in "
            "het toestel of zijn onderdelen.",
            "Le fournisseur déclare les substances de la liste candidate REACH présentes à plus de 0,1 % en masse "
            "dans l'appareil ou ses composants.",
        ),
        _SUPPLIER_DECLARATION,
    ),
    CriterionData(
        "HAZ-FR",
        "hazardous",
        (
            "Safer flame retardants and plasticisers",
            "Veiligere vlamvertragers en weekmakers",
            "Retardateurs de flamme et plastifiants plus sûrs",
        ),
        (
            "Flame retardants, plasticisers and stabilisers are limited to substances that an independent "
            "assessment found to be safer.",
            "Vlamvertragers, weekmakers en stabilisatoren zijn beperkt tot stoffen die volgens een onafhankelijke "
            "beoordeling veiliger zijn.",
            "Les retardateurs de flamme, plastifiants et stabilisants se limitent à des substances qu'une "
            "évaluation indépendante a jugées plus sûres.",
        ),
        (
            "TCO Certified Accepted Substance List.",
            "Lijst van aanvaarde stoffen van TCO Certified (Accepted Substance List).",
            "Liste des substances acceptées de TCO Certified (Accepted Substance List).",
        ),
    ),
    CriterionData(
        "HAZ-BAN",
        "hazardous",
        (
            "Banned substances in product and packaging",
            "Verboden stoffen in product en verpakking",
            "Substances interdites dans le produit et l'emballage",
        ),
        (
            "Neither the product nor its packaging contains cadmium, mercury, lead, hexavalent chromium or "
            "halogenated flame retardants.",
            "Noch het product noch de verpakking bevat cadmium, kwik, lood, zeswaardig chroom of gehalogeneerde "
            "vlamvertragers.",
            "Ni le produit ni son emballage ne contiennent de cadmium, de mercure, de plomb, de chrome hexavalent "
            "ou de retardateurs de flamme halogénés.",
        ),
        (
            "TCO Certified or a supplier declaration.",
            "TCO Certified of een verklaring van de leverancier.",
            "TCO Certified ou déclaration du fournisseur.",
        ),
    ),
    CriterionData(
        "HAZ-SUBST",
        "hazardous",
        (
            "Substitution of hazardous substances",
            "Vervanging van gevaarlijke stoffen",
            "Substitution des substances dangereuses",
        ),
        (
            "The supplier has a procedure to find hazardous substances in its products and replace them with safer "
            "ones.",
            "De leverancier heeft een procedure om gevaarlijke stoffen in zijn producten op te sporen en door "
            "veiligere te vervangen.",
            "Le fournisseur dispose d'une procédure pour repérer les substances dangereuses dans ses produits et "
            "les remplacer par des substances plus sûres.",
        ),
        (
            "Documentation of the procedure.",
            "Documentatie van de procedure.",
            "Documentation de la procédure.",
        ),
    ),
    # --- Packaging and end of life -------------------------------------------------------
    CriterionData(
        "PACK-PLASTIC",
        "packaging",
        ("Recycled and separable packaging", "Gerecycleerde en scheidbare verpakking", "Emballage recyclé et séparable"),
        (
            "Packaging with more than 20 % plastic by weight contains at least half recycled material, and parts "
            "heavier than 25 g can be separated without tools.",
            "Verpakking met meer dan 20 massaprocent plastic bevat minstens voor de helft gerecycleerd materiaal, "
            "en onderdelen zwaarder dan 25 g kunnen zonder gereedschap worden gescheiden.",
            "Un emballage contenant plus de 20 % de plastique en masse comporte au moins pour moitié de la matière "
            "recyclée, et les éléments de plus de 25 g se séparent sans outils.",
        ),
        ("TCO Certified generation 10.", "TCO Certified generatie 10.", "TCO Certified génération 10."),
    ),
    CriterionData(
        "PACK-REUSE",
        "packaging",
        (
            "Reusable or minimal delivery packaging",
            "Herbruikbare of minimale leveringsverpakking",
            "Emballage de livraison réutilisable ou minimal",
        ),
        (
            "Devices are delivered in bulk, in returnable boxes or in laptop bags instead of individual boxes.",
            "Toestellen worden in bulk, in herbruikbare dozen of in laptoptassen geleverd in plaats van in aparte "
            "dozen.",
            "Les appareils sont livrés en vrac, dans des caisses réutilisables ou dans des sacoches d'ordinateur "
            "plutôt que dans des boîtes individuelles.",
        ),
        (
            "Supplier declaration and a check at delivery.",
            "Verklaring van de leverancier en controle bij de levering.",
            "Déclaration du fournisseur et contrôle à la livraison.",
        ),
    ),
    CriterionData(
        "EOL-TAKEBACK",
        "packaging",
        (
            "Take-back and WEEE-compliant treatment",
            "Terugname en verwerking volgens de AEEA-regels",
            "Reprise et traitement conforme à la réglementation DEEE",
        ),
        (
            "The supplier takes back devices and batteries at the end of their use, has them treated by licensed "
            "operators and reports the quantities.",
            "De leverancier neemt toestellen en batterijen aan het einde van hun gebruik terug, laat ze verwerken "
            "door vergunde operatoren en rapporteert de hoeveelheden.",
            "Le fournisseur reprend les appareils et les batteries en fin d'utilisation, les fait traiter par des "
            "opérateurs agréés et communique les quantités.",
        ),
        (
            "EPEAT (product and battery take-back) and reports under the contract.",
            "EPEAT (terugname van producten en batterijen) en rapporten in het kader van het contract.",
            "EPEAT (reprise des produits et des batteries) et rapports prévus par le contrat.",
        ),
    ),
    CriterionData(
        "EOL-ITAD",
        "packaging",
        (
            "IT asset disposition service",
            "Dienst voor de afvoer van IT-apparatuur (ITAD)",
            "Service de fin de vie du matériel informatique (ITAD)",
        ),
        (
            "A service collects and transports used equipment, deletes the data with a certificate, sorts devices "
            "for reuse first and recycling second, and reports on the results.",
            "Een dienstverlener haalt gebruikte apparatuur op en vervoert ze, wist de gegevens met een certificaat, "
            "sorteert de toestellen eerst voor hergebruik en pas daarna voor recyclage, en rapporteert over de "
            "resultaten.",
            "Un prestataire collecte et transporte le matériel usagé, efface les données avec certificat, trie les "
            "appareils d'abord pour le réemploi puis pour le recyclage, et rend compte des résultats.",
        ),
        (
            "Service-level indicators in the contract and data-deletion certificates.",
            "Prestatie-indicatoren in het contract en certificaten van gegevenswissing.",
            "Indicateurs de performance dans le contrat et certificats d'effacement des données.",
        ),
    ),
    CriterionData(
        "EOL-DESIGN",
        "packaging",
        ("Design for recycling", "Ontwerp voor recyclage", "Conception pour le recyclage"),
        (
            "Plastic parts are marked, hazardous components are easy to remove and a minimum share of the product "
            "can be reused or recycled.",
            "Kunststofonderdelen zijn gemarkeerd, gevaarlijke componenten zijn makkelijk te verwijderen en een "
            "minimaal aandeel van het product is herbruikbaar of recycleerbaar.",
            "Les pièces en plastique sont marquées, les composants dangereux se retirent facilement et une part "
            "minimale du produit est réutilisable ou recyclable.",
        ),
        (
            "EPEAT or TCO Certified (material recovery).",
            "EPEAT of TCO Certified (terugwinning van materialen).",
            "EPEAT ou TCO Certified (récupération des matériaux).",
        ),
    ),
    # --- Other: governance and strategy before the procurement ---------------------------
    CriterionData(
        "GOV-NEED",
        "other",
        ("Needs assessment (buy less)", "Behoefteanalyse (minder kopen)", "Analyse des besoins (acheter moins)"),
        (
            "Before buying, the need itself is questioned, and devices are pooled or shared where possible, for "
            "example shared monitors.",
            "Voor de aankoop wordt de behoefte zelf in vraag gesteld en worden toestellen waar mogelijk gedeeld, "
            "bijvoorbeeld gedeelde beeldschermen.",
            "Avant l'achat, le besoin lui-même est remis en question et les appareils sont mutualisés ou partagés "
            "lorsque c'est possible, par exemple des écrans partagés.",
        ),
        ("Internal needs analysis.", "Interne behoefteanalyse.", "Analyse interne des besoins."),
    ),
    CriterionData(
        "GOV-MARKET",
        "other",
        ("Market consultation", "Marktconsultatie", "Consultation du marché"),
        (
            "A preliminary dialogue with the market tests which level of ambition is realistic (Directive "
            "2014/24/EU, article 40).",
            "Een voorafgaande dialoog met de markt toetst welk ambitieniveau haalbaar is (Richtlijn 2014/24/EU, "
            "artikel 40).",
            "Un dialogue préalable avec le marché vérifie quel niveau d'ambition est réaliste (directive "
            "2014/24/UE, article 40).",
        ),
        (
            "Report of the market consultation.",
            "Verslag van de marktconsultatie.",
            "Compte rendu de la consultation du marché.",
        ),
    ),
    CriterionData(
        "GOV-REPORT",
        "other",
        (
            "Supplier sustainability reporting",
            "Duurzaamheidsrapportering door de leverancier",
            "Rapport de durabilité du fournisseur",
        ),
        (
            "Every year the supplier reports how many labelled products it delivered under the contract, so the "
            "buyer can calculate and show the benefits.",
            "De leverancier rapporteert jaarlijks hoeveel gelabelde producten hij onder het contract heeft "
            "geleverd, zodat de koper de voordelen kan berekenen en tonen.",
            "Chaque année, le fournisseur indique combien de produits labellisés il a livrés au titre du contrat, "
            "afin que l'acheteur puisse calculer et faire connaître les bénéfices.",
        ),
        (
            "Yearly report under the contract (EPEAT model contract clauses).",
            "Jaarlijks rapport in het kader van het contract (modelclausules van EPEAT).",
            "Rapport annuel prévu par le contrat (clauses types d'EPEAT).",
        ),
    ),
    CriterionData(
        "GOV-AMBITION",
        "other",
        ("Ambition web", "Ambitieweb", "Toile d'ambition"),
        (
            "The level of ambition for each sustainability theme is set before the tender documents are drafted, "
            "for example with the Dutch ambition web.",
            "Het ambitieniveau per duurzaamheidsthema wordt vastgelegd voordat de opdrachtdocumenten worden "
            "opgesteld, bijvoorbeeld met het Nederlandse ambitieweb.",
            "Le niveau d'ambition de chaque thème de durabilité est fixé avant la rédaction des documents du "
            "marché, par exemple avec la toile d'ambition néerlandaise (ambitieweb).",
        ),
        (
            "The completed ambition web in the procurement file.",
            "Het ingevulde ambitieweb in het aankoopdossier.",
            "La toile d'ambition complétée dans le dossier du marché.",
        ),
    ),
]

# CPV 2008 has no code for "refurbished" or "as a service": refurbished equipment is
# classified with the codes of the devices themselves (domain.md §2.3, "gaps").
_DEVICE_CODES = ("30213000", "30213100", "30213200", "30213300", "30214000", "30231000", "32250000", "32252000")

CATEGORIES = [
    CategoryData("laptops", ("Laptops", "Laptops", "Ordinateurs portables"), ("30213100",)),
    CategoryData(
        "desktops",
        ("Desktops and workstations", "Desktops en werkstations", "Ordinateurs de bureau et stations de travail"),
        ("30213300", "30214000"),
    ),
    CategoryData("monitors", ("Monitors", "Beeldschermen", "Écrans"), ("30231000", "30231300")),
    CategoryData(
        "smartphones",
        ("Smartphones and mobile phones", "Smartphones en gsm's", "Smartphones et téléphones mobiles"),
        ("32250000", "32252000"),
    ),
    CategoryData("tablets", ("Tablets", "Tablets", "Tablettes"), ("30213200",)),
    CategoryData("servers", ("Servers", "Servers", "Serveurs"), ("48820000", "48821000", "48822000")),
    CategoryData("storage", ("Storage", "Opslag", "Stockage"), ("30233000", "30233100")),
    CategoryData(
        "network-equipment",
        ("Network equipment", "Netwerkapparatuur", "Équipements de réseau"),
        ("32260000", "32400000", "32413100", "32420000"),
    ),
    CategoryData(
        "printers-imaging",
        ("Printers and imaging", "Printers en kopieerapparaten", "Imprimantes et copieurs"),
        ("30232100", "30232110", "30121100", "30125100", "30192113"),
    ),
    CategoryData(
        "accessories-peripherals",
        ("Accessories and peripherals", "Accessoires en randapparatuur", "Accessoires et périphériques"),
        ("30232000", "30237000", "30237200", "30237410", "30237460"),
    ),
    CategoryData(
        "data-centre-services",
        ("Data-centre services", "Datacenterdiensten", "Services de centre de données"),
        ("72514000", "72514100", "72317000"),
    ),
    # CPV 2008 has no cloud code either: data storage, hosting and application service providers stand in.
    CategoryData(
        "cloud-services",
        ("Cloud services", "Clouddiensten", "Services cloud"),
        ("72317000", "72415000", "72416000"),
    ),
    CategoryData("software", ("Software", "Software", "Logiciels"), ("48000000", "48760000", "72268000")),
    CategoryData(
        "it-services",
        ("IT services", "IT-diensten", "Services informatiques"),
        ("72000000", "72250000", "72253000", "72267000", "72510000", "72700000", "72900000", "51611000"),
    ),
    CategoryData(
        "repair-maintenance",
        ("Repair and maintenance", "Herstelling en onderhoud", "Réparation et entretien"),
        ("50312000", "50312600", "50320000", "50323000"),
    ),
    CategoryData(
        "refurbished-equipment",
        ("Refurbished equipment", "Refurbished apparatuur", "Matériel reconditionné"),
        _DEVICE_CODES,
    ),
    # No e-waste code exists: recycling, hazardous-waste and IT asset management services are combined.
    CategoryData(
        "take-back-end-of-life",
        (
            "Take-back and end-of-life services",
            "Terugname en verwerking na gebruik",
            "Reprise et services de fin de vie",
        ),
        ("90514000", "90520000", "72510000"),
    ),
    CategoryData(
        "mobile-telephone-services",
        ("Mobile telephone services", "Mobiele telefoniediensten", "Services de téléphonie mobile"),
        ("64212000",),
    ),
    CategoryData(
        "audio-visual",
        (
            "Audio-visual and meeting-room equipment",
            "Audiovisuele apparatuur en vergaderzalen",
            "Équipement audiovisuel et salles de réunion",
        ),
        ("32322000", "38652120"),
    ),
]


def load(criterion_model, category_model, cpv_model) -> None:
    """Create the starting set (used by the data migration with its historical models).

    Existing rows are left alone: a rerun never overwrites what coordinators changed.
    Raises LookupError when a category names a CPV code that does not exist.
    """
    for position, criterion in enumerate(CRITERIA, start=1):
        texts = {}
        for field in ("name", "description", "verification"):
            texts.update(zip((f"{field}_en", f"{field}_nl", f"{field}_fr"), getattr(criterion, field)))
        criterion_model.objects.get_or_create(
            code=criterion.code, defaults={"pillar": criterion.pillar, "ordering": position * 10, **texts}
        )
    for position, category in enumerate(CATEGORIES, start=1):
        names = dict(zip(("name_en", "name_nl", "name_fr"), category.name))
        row, created = category_model.objects.get_or_create(
            slug=category.slug, defaults={"ordering": position * 10, **names}
        )
        if created:
            codes = list(cpv_model.objects.filter(code__in=category.cpv_codes))
            if len(codes) != len(category.cpv_codes):
                missing = set(category.cpv_codes) - {code.pk for code in codes}
                raise LookupError(f"Category {category.slug}: unknown CPV codes {sorted(missing)}")
            row.cpv_codes.set(codes)
