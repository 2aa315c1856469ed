"""Dutch texts the core shows that do not come from a policy file.

Everything a user reads is Dutch; rule texts come from the policy files, and the few generic
phrases the engine needs to explain a comparison or a verdict live here, in one place, so that
they can be reviewed (and later translated) together.
"""

from typing import Final

VERDICT_LABELS: Final = {
    "voldoet": "Komt in aanmerking",
    "voldoet_niet": "Komt niet in aanmerking",
    "onvolledig": "Onvolledig: vereiste antwoorden ontbreken",
    "uitzondering_mogelijk": "Geen overeenkomst, uitzondering mogelijk",
    # The purchaser decided on the exception (issue 27): the decision is the outcome now.
    "uitzondering_toegekend": "Komt in aanmerking: uitzondering toegekend",
    "uitzondering_afgewezen": "Komt niet in aanmerking: uitzondering afgewezen",
    "geen_procedure": "Geen inkoopprocedure dit jaar",
    "buiten_beleid": "Valt niet onder dit inkoopbeleid",
}

FACTOR_NOT_REACHED: Final = "niet behaald"
# The heading over the hints: to the provider about "uw", to the purchaser about the provider.
IMPROVES_HEADING: Final = {
    "zorgaanbieder": "Wat uw uitkomst verbetert",
    "inkoper": "Wat de uitkomst van de zorgaanbieder verbetert",
}
NONE_WORD: Final = "geen"
OTHERS_NOTE: Final = " Telt hier niet mee: {items}."
# The reading of issue 9: shown in the result whenever it decides the verdict.
FAILED_EIS_READING: Final = (
    "Lezing: een eis waaraan niet is voldaan maakt de uitkomst 'komt niet in aanmerking', ook "
    "als er dit jaar geen inkoopprocedure is; de route zegt daarnaast hoe het met de procedure zit."
)

OUTCOME_LABELS: Final = {
    "voldaan": "voldaan",
    "niet_voldaan": "niet voldaan",
    "niet_van_toepassing": "niet van toepassing",
    "onbeantwoord": "onbeantwoord",
    "informatie": "informatie",
}

KIND_LABELS: Final = {
    "eis": "eis",
    "factor": "differentiatiefactor",
    "verwachting": "verwachting",
    "route": "route",
    "datum": "datum",
    "info": "informatie",
}

# How a comparison is read out in an explanation: "ten hoogste 150".
OPERATOR_PHRASES: Final = {
    "eq": "gelijk aan",
    "ne": "niet gelijk aan",
    "lt": "lager dan",
    "le": "ten hoogste",
    "gt": "hoger dan",
    "ge": "ten minste",
    "in": "een van",
    "not_in": "geen van",
    "prefix_in": "beginnend met een van",
    "contains": "met daarin",
    "subset_of": "alleen uit",
    "intersects": "ten minste één van",
    "answered": "ingevuld",
}

# For dates the same comparisons read as deadlines: "uiterlijk 1 september 2026".
DATE_OPERATOR_PHRASES: Final = {
    **OPERATOR_PHRASES,
    "lt": "vóór",
    "le": "uiterlijk",
    "gt": "na",
    "ge": "op of na",
}

YES: Final = "ja"
NO: Final = "nee"
NOT_ANSWERED: Final = "niet ingevuld"
REQUIRED_PREFIX: Final = "vereist"
CONDITION_PREFIX: Final = "voorwaarde"
ROW_NOT_COUNTED: Final = "{row} {n} telt niet mee: {why}"
SHARE_EVIDENCE: Final = "{count} van {total} {unit} voldoen ({share}); voorwaarde: {phrase} {limit}"
SHARE_SOURCE_ROWS: Final = "berekend uit de ingevulde rijen"
SHARE_SOURCE_COUNTS: Final = "berekend uit de ingevulde aantallen"
PARTIAL_EXCLUSION: Final = "{title}"
FACTOR_WORD: Final = ("differentiatiefactor", "differentiatiefactoren")
NUMBER_WORDS: Final = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
# Worded for both roles: the provider reads it about itself, the purchaser about the provider.
TIER_HINT: Final = "Met {n} {factor_word} meer is {tier} mogelijk; nog niet voldaan: {factors}."
TIER_EXPLANATION: Final = "{n} {factor_word} voldaan{which}: {tier}."
# A tier is a contract only for a provider that qualifies; otherwise it is what it would be.
TIER_HYPOTHETICAL: Final = "{n} {factor_word} voldaan{which}: dat geeft {tier}, zodra {condition}."
TIER_CONDITIONS: Final = {
    "voldoet_niet": "aan de eisen is voldaan",
    "onvolledig": "alle vereiste vragen beantwoord zijn en aan de eisen is voldaan",
    "uitzondering_mogelijk": "de uitzondering is toegekend",
    "geen_procedure": "er een inkoopprocedure is",
}
DEADLINE_PAST: Final = "Deze datum is op de beoordelingsdatum ({today}) al verstreken."
ROUTE_UNKNOWN: Final = "Nog niet te bepalen: beantwoord eerst {questions}."
# Why a criterion is open when no question it reads can be answered yet.
WAITS_FOR_ROUTE: Final = (
    "Nog niet te bepalen: dit hangt af van de route, en die ligt pas vast als de vragen die de "
    "route bepalen beantwoord zijn."
)
WAITS_FOR_APPLICABILITY: Final = (
    "Nog niet te bepalen: het antwoord op {deciding} bepaalt of {questions} van toepassing {verb}."
)
NOT_APPLICABLE_YET: Final = "Nog niet te bepalen: {questions} {verb} nog niet van toepassing."
APPLIES_VERB: Final = ("is", "zijn")  # one question, several
NOT_DECIDABLE: Final = "Nog niet te bepalen met deze antwoorden."
OTHER_POLICY_VERSION: Final = "Opgesteld onder beleidsversie {saved}; beoordeeld met versie {used}."
DEFAULT_FROM_ASSESSMENT_DATE: Final = "(niet ingevuld: de beoordelingsdatum is gebruikt)"
LIST_OR: Final = " of "
LIST_AND: Final = " en "
PROVIDER_FIELD_LABELS: Final = {
    "provider.name": "Naam zorgaanbieder",
    "provider.agb_code": "AGB-code",
    "provider.location": "Vestigingsplaats",
    "assessment.date": "Beoordelingsdatum",
}
# The fields of a file that are not answers, as the history and a comparison name them.
RECORD_FIELD_LABELS: Final = {
    "provider.name": PROVIDER_FIELD_LABELS["provider.name"],
    "provider.agb_code": PROVIDER_FIELD_LABELS["provider.agb_code"],
    "provider.location": PROVIDER_FIELD_LABELS["provider.location"],
    "assessment_date": PROVIDER_FIELD_LABELS["assessment.date"],
    "notes": "Notities",
}
# The history of a file (core/history.py), one line per event.
HISTORY_EVENTS: Final = {
    "aangemaakt": "Beoordeling aangemaakt",
    "gemigreerd": "Gemigreerd uit bestandsversie 1 (geschiedenis begint hier)",
    "hersteld": (
        "Antwoorden vastgelegd zoals ze werden gelezen (het bestand had nog geen geschiedenis "
        "of is buiten Caresq Desk gewijzigd)"
    ),
    "status": "Status {old} → {new}",
    "heropend": "Heropend: status {old} → {new}; reden: {reason}",
    "besluit": "Besluit uitzondering: {new}; motivering: {reason}",
    "notes": "Notities gewijzigd",
    "change": "{field}: {old} → {new}",
    "confirmed": "{field}: {new} (bevestigd)",
}
CHAIN_STARTED: Final = (
    "Bijgewerkt naar bestandsversie 3: de geschiedenis is vanaf hier beveiligd met controlegetallen"
)
ACTOR_UNKNOWN: Final = "onbekend"
ACTOR_NO_NAME: Final = "naam niet ingesteld"
ACTOR_ROLES: Final = {"inkoper": "inkoper", "zorgaanbieder": "zorgaanbieder, zelftoets"}
# The outcome once the purchaser decided on a possible exception.
# A decision as it replaces the route's advice and stands at the criterion it decides.
DECIDED_ROUTE_LABELS: Final = {
    "toegekend": "Uitzondering toegekend door de inkoper",
    "afgewezen": "Uitzondering afgewezen door de inkoper",
}
DECISION_TEXT: Final = (
    "Besluit van {who} op {day}: uitzondering {exception}. Motivering: {motivation}"
)
# What a policy correction changed beside the criteria (the werkmap).
CHANGE_VERDICT: Final = "Uitkomst"
CHANGE_TIER: Final = "Contractniveau"
