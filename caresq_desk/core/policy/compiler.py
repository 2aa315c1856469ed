"""Compiling a parsed policy file: conditions parsed against the questions they name, texts
checked for their placeholders, and what the engine walks on every evaluation computed once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import Template
from caresq_desk.core.policy import checks
from caresq_desk.core.policy.compiled import (
    ALL_CARE_TYPES,
    PLACEHOLDERS,
    PROVIDER_FIELDS,
    CareTypeRules,
    CompiledCriterion,
    CompiledQuestion,
    CompiledRoute,
    Policy,
    PolicyError,
)
from caresq_desk.core.policy.conditions import ConditionError, ConditionParser, FieldInfo, Node
from caresq_desk.core.policy.fields import field_info, int_bounds
from caresq_desk.core.policy.spec import CareType, Criterion, PolicyFile


def _applies_to(care_types: Iterable[str], care_type: str) -> bool:
    return ALL_CARE_TYPES in care_types or care_type in care_types


class PolicyCompiler:
    """One parsed policy file to a ``Policy``: per care type its questions, routes, dates and
    criteria compiled and checked."""

    def __init__(self, path: Path, parsed: PolicyFile, sha256: str) -> None:
        self.path = path
        self.file = parsed
        self.sha256 = sha256

    def fail(self, where: str, problem: str) -> PolicyError:
        return PolicyError(self.path, where, problem)

    def compile(self) -> Policy:
        file = self.file
        care_ids = [care.id for care in file.care_types]
        checks.unique(self.fail, care_ids, "zorgsoort")
        checks.unique(self.fail, [section.id for section in file.sections], "sectie")
        known = set(care_ids) | {ALL_CARE_TYPES}
        for kind, items in (
            ("vraag", file.questions),
            ("criterium", file.criteria),
            ("route", file.routes),
            ("datum", file.dates),
            ("vervallen vraag", file.retired),
        ):
            for item in items:
                unknown = [care for care in item.care_types if care not in known]
                if unknown:
                    raise self.fail(f"{kind} {item.id}", f"onbekende zorgsoort(en): {unknown}")
        section_ids = {section.id for section in file.sections}
        for question in file.questions:
            if question.section not in section_ids:
                raise self.fail(f"vraag {question.id}", f"onbekende sectie '{question.section}'")
        compiled = {care.id: self._care_type(care) for care in file.care_types}
        return Policy(
            meta=file.policy,
            path=self.path,
            sha256=self.sha256,
            lists=file.lists,
            sections=tuple(file.sections),
            care_types=compiled,
            file=file,
        )

    def _care_type(self, care: CareType) -> CareTypeRules:
        file = self.file
        scope = f"zorgsoort {care.id}"
        questions = [q for q in file.questions if _applies_to(q.care_types, care.id)]
        criteria = [c for c in file.criteria if _applies_to(c.care_types, care.id)]
        routes = [r for r in file.routes if _applies_to(r.care_types, care.id)]
        dates = [d for d in file.dates if _applies_to(d.care_types, care.id)]
        checks.unique(self.fail, [q.id for q in questions], "vraag", scope)
        variants = [f"{c.id}{' (' + c.variant + ')' if c.variant else ''}" for c in criteria]
        checks.unique(self.fail, variants, "criterium", scope)
        checks.unique(self.fail, [r.id for r in routes], "route", scope)
        checks.unique(self.fail, [d.id for d in dates], "datum", scope)

        infos = {q.id: field_info(self.file, self.fail, q) for q in questions}
        for name, kind in PROVIDER_FIELDS.items():
            infos[name] = FieldInfo(id=name, type=kind, label=texts.PROVIDER_FIELD_LABELS[name])
        # Named conditions are shared by all care types, so a route condition may name routes of
        # other care types too; a route that exists nowhere in the file is still an error.
        all_route_ids = {route.id for route in file.routes}
        parser = ConditionParser(infos.get, file.lists, file.conditions, all_route_ids)

        def parse(raw: Any, where: str) -> Node | None:
            if raw is None:
                return None
            try:
                return parser.parse(raw)
            except ConditionError as error:
                raise self.fail(f"{where} ({care.id})", str(error)) from None

        compiled_questions = []
        for question in questions:
            applies = parse(question.applies_when, f"vraag {question.id}, applies_when")
            compiled_questions.append(
                CompiledQuestion(
                    question.id,
                    question.type,
                    question,
                    applies,
                    infos[question.id],
                    bool(applies and applies.routes()),
                    int_bounds(question),
                )
            )
        by_id = {q.id: q for q in compiled_questions}
        checks.question_refs(self.fail, compiled_questions, by_id, scope)
        retired = [r for r in file.retired if _applies_to(r.care_types, care.id)]
        renamed, gone = checks.migrations(self.fail, compiled_questions, retired, scope)

        compiled_routes = []
        for route in routes:
            when = parse(route.when, f"route {route.id}")
            if when is not None and when.routes():
                raise self.fail(f"route {route.id}", "een route kan niet van een route afhangen")
            reads = tuple(sorted(when.fields())) if when else ()
            for field_id in reads:
                question = by_id.get(field_id)
                if question is not None and question.depends_on_route:
                    raise self.fail(
                        f"route {route.id}",
                        f"leest vraag '{field_id}', die zelf van de route afhangt",
                    )
            compiled_routes.append(CompiledRoute(route, when, reads))
        if not compiled_routes:
            raise self.fail(scope, "geen route: elke zorgsoort heeft ten minste één route nodig")
        if compiled_routes[-1].when is not None:
            raise self.fail(
                scope,
                f"de laatste route ({compiled_routes[-1].id}) heeft een 'when'; de laatste route "
                "moet zonder voorwaarde gelden, zodat er altijd een route is",
            )
        date_conditions = []
        for policy_date in dates:
            unknown = [r for r in policy_date.routes or () if r not in all_route_ids]
            if unknown:
                raise self.fail(f"datum {policy_date.id}", f"onbekende route(s) {unknown}")
            date_conditions.append(parse(policy_date.applies_when, f"datum {policy_date.id}"))
        date_reads = sorted(set().union(*(c.fields() for c in date_conditions if c is not None)))

        conditional = {q.id for q in compiled_questions if q.applies is not None}
        compiled_criteria = [self._criterion(c, parse, infos, conditional) for c in criteria]
        checks.tiers(self.fail, care, compiled_criteria, scope)
        checks.every_question_read(
            self.fail, compiled_questions, compiled_criteria, compiled_routes, scope
        )
        return CareTypeRules(
            spec=care,
            questions=tuple(compiled_questions),
            criteria=tuple(compiled_criteria),
            routes=tuple(compiled_routes),
            dates=tuple(dates),
            date_conditions=tuple(date_conditions),
            date_reads=tuple(date_reads),
            tiers=care.tiers,
            question_by_id=by_id,
            conditional_questions=tuple(
                q for q in compiled_questions if q.applies is not None and not q.depends_on_route
            ),
            route_questions=tuple(q for q in compiled_questions if q.depends_on_route),
            applicability_reads=_reads_of(q for q in compiled_questions if not q.depends_on_route),
            route_applicability_reads=_reads_of(
                q for q in compiled_questions if q.depends_on_route
            ),
            required_questions=tuple(q for q in compiled_questions if q.spec.required),
            required_ids=frozenset(q.id for q in compiled_questions if q.spec.required),
            purchaser_ids=frozenset(
                q.id for q in compiled_questions if q.spec.audience == "inkoper"
            ),
            bounded_questions=tuple(q for q in compiled_questions if q.spec.max_question),
            renamed=renamed,
            split={
                old: tuple(q for q in compiled_questions if old in q.spec.split_from)
                for old in {old for q in compiled_questions for old in q.spec.split_from}
            },
            retired=gone,
        )

    def _criterion(
        self,
        criterion: Criterion,
        parse: Any,
        infos: Mapping[str, FieldInfo],
        conditional: set[str],
    ) -> CompiledCriterion:
        where = f"criterium {criterion.id}"
        applies = parse(criterion.applies_when, f"{where}, applies_when")
        condition = parse(criterion.condition, f"{where}, condition")
        reads: set[str] = set()
        for node in (applies, condition):
            if node is not None:
                reads |= node.fields()
        if criterion.compute is not None:
            source = criterion.compute.from_question
            info = infos.get(source)
            if info is None or info.type != "datum":
                raise self.fail(where, f"compute.from '{source}' is geen datumvraag")
            reads.add(source)
        steps_seen: set[str] = set()
        for step in criterion.calculation or ():
            for arg in step.args:
                if isinstance(arg, str) and arg not in steps_seen:
                    info = infos.get(arg)
                    if info is None or info.type not in ("getal", "percentage"):
                        raise self.fail(
                            where,
                            f"berekening, stap '{step.id}': '{arg}' is geen getalvraag "
                            "en geen eerdere stap",
                        )
                    reads.add(arg)
            if step.id in steps_seen or step.id in infos:
                raise self.fail(where, f"berekening: stap-id '{step.id}' is al in gebruik")
            steps_seen.add(step.id)
        templates = {}
        for name in ("met", "not_met", "text", "remedy", "hint", "text_inkoper",
                     "remedy_inkoper", "hint_inkoper"):  # fmt: skip
            text = getattr(criterion, name)
            template = Template.compile(text)
            unknown = sorted(set(template.names) - PLACEHOLDERS)
            if unknown:
                raise self.fail(
                    where,
                    f"onbekende plaatshouder(s) {unknown} in '{name}'; "
                    f"toegestaan: {sorted(PLACEHOLDERS)}",
                )
            templates[name] = template
        reads_lists = any(infos[name].type in ("meerkeuze", "tabel") for name in reads)
        reads_route = any(node is not None and node.routes() for node in (applies, condition))
        reads_conditional = bool(reads & conditional)
        plain = not (reads_lists or reads_route or reads_conditional or criterion.compute)
        return CompiledCriterion(
            id=criterion.id,
            reads_lists=reads_lists,
            reads_route=reads_route,
            reads_conditional=reads_conditional,
            simple_read=next(iter(reads)) if plain and len(reads) == 1 else None,
            constant=plain and not reads,
            plain_reads=plain,
            spec=criterion,
            applies=applies,
            condition=condition,
            reads=tuple(sorted(reads)),
            **templates,
        )


def _reads_of(questions: Iterable[CompiledQuestion]) -> tuple[str, ...]:
    """The fields the applicability conditions of these questions read, in a stable order."""
    fields: set[str] = set()
    for question in questions:
        if question.applies is not None:
            fields |= question.applies.fields()
    return tuple(sorted(fields))
