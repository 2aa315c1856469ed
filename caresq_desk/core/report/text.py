"""A result as readable Dutch text, for the command line and for printing."""

from __future__ import annotations

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_date
from caresq_desk.core.model.assessment import Assessment
from caresq_desk.core.model.result import CriterionResult, Result

OUTCOME_MARKS = {
    "voldaan": "[v]",
    "niet_voldaan": "[x]",
    "onbeantwoord": "[?]",
    "niet_van_toepassing": "[-]",
    "informatie": "[i]",
}


# The verdicts that want a reason in their summary: "why not".
_NOT_QUALIFIED = ("voldoet_niet", "uitzondering_mogelijk", "uitzondering_afgewezen")


def in_short(result: Result) -> list[str]:
    """The verdict answered with "why not" and "by when", in one or two lines: the decisive
    unmet criteria (or what is still missing) and the next deadline that is still to come."""
    lines = []
    decisive = result.unmet("eis") or result.unmet()
    if result.verdict in _NOT_QUALIFIED and decisive:
        names = [c.title for c in decisive[:2]]
        more = f" en nog {len(decisive) - 2} andere" if len(decisive) > 2 else ""
        lines.append(f"Waarom niet: {'; '.join(names)}{more}.")
    elif result.verdict == "onvolledig" and result.missing:
        names = [m.label for m in result.missing[:3]]
        more = f" en nog {len(result.missing) - 3} andere" if len(result.missing) > 3 else ""
        lines.append(f"Nog te beantwoorden: {'; '.join(names)}{more}.")
    coming = [d for d in result.dates if d.deadline and not d.past and d.date is not None]
    if coming:
        first = min(coming, key=lambda d: d.date or result.assessment_date)
        lines.append(f"Eerstvolgende uiterste datum: {first.display} ({first.label}).")
    return lines


def result_sections(
    result: Result, role: str, remedies: bool = False
) -> list[tuple[str, list[str]]]:
    """The lists a report shows under the verdict, with their Dutch headings (the text report
    and the PDF report share them). ``remedies`` adds the remedy of each failed criterion."""
    improve = list(result.hints)
    if remedies:
        improve += [f"{c.id}: {c.remedy}" for c in result.criteria if c.failed and c.remedy]
    return [
        ("Ontbrekende antwoorden", [m.label for m in result.missing]),
        ("Ongeldige antwoorden", [f"{i.label}: {i.message}" for i in result.invalid]),
        (texts.IMPROVES_HEADING.get(role, texts.IMPROVES_HEADING["inkoper"]), improve),
        ("Valt niet onder de overeenkomst (niet voldaan)", list(result.excluded_parts)),
        ("Let op", list(result.warnings)),
    ]


def _rank(criterion: CriterionResult) -> int:
    """Failures first, then the unanswered, then the rest (a factor not reached is no failure)."""
    if criterion.failed:
        return 0
    return 1 if criterion.outcome == "onbeantwoord" else 2


def _criterion_lines(criterion: CriterionResult) -> list[str]:
    kind = "inspanningsverplichting" if criterion.effort else texts.KIND_LABELS[criterion.kind]
    lines = [
        f"  {'[ ]' if criterion.neutral else OUTCOME_MARKS[criterion.outcome]} {criterion.id}"
        f"{' (' + criterion.variant + ')' if criterion.variant else ''} ({kind}, "
        f"{criterion.outcome_label}): "
        f"{criterion.title}",
        f"      Bron: {criterion.source}",
    ]
    if criterion.reason:
        lines.append(f"      {criterion.reason}")
    lines.extend(f"      - {line}" for line in criterion.evidence)
    if criterion.remedy:
        lines.append(f"      Wat te doen: {criterion.remedy}")
    if criterion.interpretation:
        lines.append(f"      Gebruikte lezing: {criterion.interpretation}")
    return lines


def render_text(assessment: Assessment, result: Result, role: str = "inkoper") -> str:
    provider = assessment.provider
    who = provider.name or "(naam niet ingevuld)"
    agb = f"AGB {provider.agb_code}" if provider.agb_code else "AGB-code niet ingevuld"
    lines = [
        f"Beoordeling: {who} ({agb}){', ' + provider.location if provider.location else ''}",
        f"Beleid: {result.policy_title}, versie {result.policy_version} "
        f"(sha256 {result.policy_sha256[:12]})",
        f"Zorgsoort: {result.care_type_label}; beoordelingsdatum "
        f"{format_date(result.assessment_date)}",
        "",
        f"UITKOMST: {result.headline}",
        *in_short(result),
    ]
    if result.contract:
        term = f" (looptijd {result.term})" if result.term else ""
        lines.append(f"Zorgovereenkomst: {result.contract}{term}")
    if result.tier:
        lines.append(f"  {result.tier.explanation} [{result.tier.table_id}, {result.tier.source}]")
    if result.route:
        lines += [
            f"Route: {result.route.label} [{result.route.catalogue_id}, {result.route.source}]",
            f"  {result.route.text}",
        ]
    for title, items in result_sections(result, role):
        if items:
            lines += ["", f"{title}:"] + [f"  - {item}" for item in items]

    checked = [c for c in result.criteria if c.outcome not in ("informatie", "niet_van_toepassing")]
    lines += ["", "Criteria:"]
    for criterion in sorted(checked, key=_rank):
        lines += _criterion_lines(criterion)
    not_applicable = [c.id for c in result.criteria if c.outcome == "niet_van_toepassing"]
    if not_applicable:
        lines.append(f"  [-] Niet van toepassing: {', '.join(not_applicable)}")

    if result.dates:
        lines += ["", "Datums:"]
        for item in result.dates:
            mark = " (VERSTREKEN)" if item.past else ""
            lines.append(f"  {item.display}: {item.label}{mark} [{item.catalogue_id}]")
    info = [c for c in result.criteria if c.outcome == "informatie"]
    if info:
        lines += ["", "Informatie:"]
        for item in info:
            lines.append(f"  [i] {item.id}: {item.title}. {item.reason} ({item.source})")
            lines.extend(f"      - {line}" for line in item.evidence)
    return "\n".join(lines) + "\n"
