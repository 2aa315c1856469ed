"""The assessment as a document (A4, Dutch): the content as escaped HTML, built from the result
model without Qt, so the command line, the window and the tests share one report.

Rendering to PDF or a printer is done elsewhere (``gui/pdf.py``), with Qt's own text layout.
"""

from __future__ import annotations

from html import escape

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_date
from caresq_desk.core.document.history import active_decision, describe_actor, is_self_check
from caresq_desk.core.document.provenance import Weighed
from caresq_desk.core.model.answers import answer_text
from caresq_desk.core.model.assessment import STATUS_LABELS, Assessment
from caresq_desk.core.model.result import CriterionResult, Result
from caresq_desk.core.policy.loader import Policy
from caresq_desk.core.report.text import in_short, result_sections
from caresq_desk.core.rules.roles import ROLE_PROVIDER

STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 10pt; margin-bottom: 3pt; }
p.verdict { font-size: 15pt; font-weight: bold; padding: 6pt; }
table { border-collapse: collapse; }
td, th { padding: 2pt 4pt; vertical-align: top; border: 0.5pt solid #999999; }
th { background: #e8e8e8; text-align: left; }
td.outcome { white-space: nowrap; font-weight: bold; }
.small { color: #555555; font-size: 8pt; }
"""
# Qt's rich text honours these attributes (not CSS borders): thin grey rules, some padding.
TABLE = (
    "<table width='100%' border='0.5' cellspacing='0' cellpadding='3' "
    "style='border-color: #999999'>"
)
VERDICT_COLOURS = {
    "voldoet": "#c8e6c9",
    "voldoet_niet": "#f8caca",
    "onvolledig": "#e0e0e0",
    "uitzondering_mogelijk": "#ffe0b2",
    "uitzondering_toegekend": "#dcedc8",
    "uitzondering_afgewezen": "#f4c7c3",
    "geen_procedure": "#bbdefb",
    "buiten_beleid": "#d1c4e9",
}


def _row(label: str, value: str) -> str:
    return f"<tr><th width='30%'>{escape(label)}</th><td>{escape(value)}</td></tr>"


def _criterion_row(criterion: CriterionResult) -> str:
    kind = "inspanningsverplichting" if criterion.effort else texts.KIND_LABELS[criterion.kind]
    title = criterion.title + (f" ({criterion.variant})" if criterion.variant else "")
    details = [escape(criterion.reason)]
    if criterion.remedy and criterion.outcome == "niet_voldaan":
        details.append(f"<i>Wat te doen:</i> {escape(criterion.remedy)}")
    if criterion.interpretation:
        details.append(f"<i>Gebruikte lezing:</i> {escape(criterion.interpretation)}")
    return (
        f"<tr><td>{escape(criterion.id)}<br><span class='small'>{escape(kind)}</span></td>"
        f"<td><b>{escape(title)}</b><br>{'<br>'.join(details)}</td>"
        f"<td class='outcome'>{escape(criterion.outcome_label)}</td>"
        f"<td class='small'>{escape(criterion.source)}</td></tr>"
    )


def _made_for(assessment: Assessment, role: str) -> str:
    """Who the report is for: the provider's self-check, the purchaser's assessment sent to the
    provider, or the purchaser's own."""
    if role != ROLE_PROVIDER:
        return "de inkoper van Caresq"
    if is_self_check(assessment):
        return "de zorgaanbieder (zelftoets)"
    return "de zorgaanbieder: beoordeling door de inkoper van Caresq"


def report_html(
    assessment: Assessment,
    result: Result,
    policy: Policy,
    role: str,
    weighed: Weighed | None = None,
) -> str:
    """The whole report for one assessment; every text from a file or a user is escaped.
    ``weighed``: what of the file counted (a provider's claims are named, never counted)."""
    provider = assessment.provider
    rules = policy.care_types[assessment.care_type]
    status = weighed.status_label if weighed is not None else STATUS_LABELS[assessment.status]
    decided = weighed.counted.decision if weighed is not None else assessment.decision
    parts = [f"<html><head><style>{STYLE}</style></head><body>"]
    parts.append(f"<h1>Beoordeling {escape(provider.name or '(naam niet ingevuld)')}</h1>")
    parts.append(TABLE)
    for_provider = role == ROLE_PROVIDER
    parts += [
        _row("Zorgaanbieder", provider.name or "niet ingevuld"),
        _row("AGB-code", provider.agb_code or "niet ingevuld"),
        _row("Vestigingsplaats", provider.location or "niet ingevuld"),
        _row("Zorgsoort", result.care_type_label),
        _row("Inkoopbeleid", f"{result.policy_title}, versie {result.policy_version}"),
        _row("Beoordelingsdatum", format_date(result.assessment_date)),
        _row("Gemaakt voor", _made_for(assessment, role)),
    ]
    if not for_provider:  # the purchaser's own bookkeeping: not for the provider's copy
        parts.insert(-2, _row("Controlecode beleid (SHA-256)", result.policy_sha256))
        parts.append(_row("Status", status))
    if assessment.made_by is not None:
        parts.append(_row("Opgesteld door", describe_actor(assessment.made_by)))
    if weighed is not None and not for_provider:
        for line in (weighed.claims.describe(rules), weighed.chain.describe()):
            if line:
                parts.append(_row("Let op", line[0].upper() + line[1:]))
    parts.append("</table>")
    colour = VERDICT_COLOURS.get(result.verdict, "#ffffff")
    headline = result.headline
    parts.append(f"<p class='verdict' style='background: {colour}'>{escape(headline)}</p>")
    parts += [f"<p><b>{escape(line)}</b></p>" for line in in_short(result)]
    decision = active_decision(decided, result.verdict)
    if decision is not None:
        parts.append(
            f"<h2>Besluit</h2><p>Uitzondering {escape(decision.exception)} door "
            f"{escape(describe_actor(decision.by))} op {format_date(decision.at.date())}. "
            f"Motivering: {escape(decision.motivation)}</p>"
        )
    if result.contract:
        term = f" (looptijd {result.term})" if result.term else ""
        parts.append(f"<p><b>{escape(result.contract + term)}</b></p>")
    if result.tier:
        parts.append(f"<p>{escape(result.tier.explanation)}</p>")
    if result.route:
        parts.append(
            f"<h2>Route: {escape(result.route.label)}</h2><p>{escape(result.route.text)} "
            f"<span class='small'>({escape(result.route.source)})</span></p>"
        )
    for title, items in result_sections(result, role, remedies=True):
        if items:
            rows = "".join(f"<li>{escape(item)}</li>" for item in items)
            parts.append(f"<h2>{escape(title)}</h2><ul>{rows}</ul>")
    if result.dates:
        rows = "".join(
            f"<li>{escape(d.display)}: {escape(d.label)}"
            + (" <b>(verstreken)</b>" if d.past else (" (uiterste datum)" if d.deadline else ""))
            + "</li>"
            for d in result.dates
        )
        parts.append(f"<h2>Datums</h2><ul>{rows}</ul>")
    shown = [c for c in result.criteria if c.outcome != "niet_van_toepassing"]
    parts.append(
        # In a <thead>, the header row is repeated on every page the table runs onto.
        f"<h2>Criteria</h2>{TABLE}<thead><tr><th width='19%'>Criterium</th>"
        "<th width='47%'>Toelichting</th><th width='12%'>Uitkomst</th>"
        "<th width='22%'>Bron</th></tr></thead>"
        + "".join(_criterion_row(c) for c in shown)
        + "</table>"
    )
    answers = [
        (question.info.label, answer_text(question, assessment.answers[question.id]))
        for question in rules.questions
        if question.id in assessment.answers
        and assessment.answers[question.id] is not None
        and question.id not in result.inapplicable
        and not (role == ROLE_PROVIDER and question.spec.audience == "inkoper")
    ]
    if answers:
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td>{escape(value).replace(chr(10), '<br>')}</td></tr>"
            for label, value in answers
        )
        parts.append(f"<h2>Gegeven antwoorden</h2>{TABLE}{rows}</table>")
    # Notes are the purchaser's (issue 12: left out of a report in the provider role).
    if assessment.notes.strip() and role != ROLE_PROVIDER:
        notes = escape(assessment.notes).replace("\n", "<br>")
        parts.append(f"<h2>Notities</h2><p>{notes}</p>")
    parts.append("</body></html>")
    return "".join(parts)
