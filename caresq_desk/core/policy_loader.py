"""Loading a policy file: TOML, schema validation, cross-reference checks and compilation.

A policy that loads is one the engine can run without surprises: every condition names a known
question, every question is read by a rule, every tier table maps each possible factor count to
exactly one tier, every care type has a route for every case. A policy that does not load fails
with a ``PolicyError`` naming the file, the part and the problem.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caresq_desk.core import texts
from caresq_desk.core.conditions import ConditionError, ConditionParser, FieldInfo, Node
from caresq_desk.core.formatting import Template
from caresq_desk.core.limits import MAX_NUMBER, shorten
from caresq_desk.core.oserrors import describe_os_error
from caresq_desk.core.policy_schema import (
    CareType,
    Criterion,
    PolicyDate,
    PolicyFile,
    PolicyMeta,
    Question,
    Route,
    Section,
    TierTable,
)
from caresq_desk.core.result import RouteResult
from caresq_desk.core.validation import dutch_message

ALL_CARE_TYPES = "*"
PROVIDER_FIELDS = {
    "provider.name": "tekst",
    "provider.agb_code": "tekst",
    "provider.location": "tekst",
    "assessment.date": "datum",
}
# Placeholders a text may use; the engine fills them from what a condition read.
PLACEHOLDERS = {
    "value", "limit", "diff", "count", "total", "share", "needed", "date", "from_date",
    "matching", "others", "field",
}  # fmt: skip
MAX_POLICY_BYTES = 2_000_000
# The value of the extra option a question gets from ``none_option``.
NONE_OPTION = "geen"


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file, the part and the problem."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = shorten(where, 200)
        self.problem = shorten(problem)
        location = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{location}: {self.problem}")


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    id: str
    kind: str
    spec: Question
    applies: Node | None
    info: FieldInfo
    depends_on_route: bool
    # For number questions: the inclusive range a whole number may take (a fast check path).
    int_bounds: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    id: str
    spec: Criterion
    applies: Node | None
    condition: Node | None
    reads: tuple[str, ...]
    met: Template
    not_met: Template
    text: Template
    remedy: Template
    hint: Template
    # Whether a value read can be a list (choices, table rows), which the memo key must freeze.
    reads_lists: bool
    # Whether the outcome depends on the route (a route condition in applies_when or condition).
    reads_route: bool
    # Whether it reads a question that may not apply (its explanation then says which do not).
    reads_conditional: bool
    # The only field read, when that alone decides the result (no list, route or date).
    simple_read: str | None
    # Reads nothing at all: the result is always the same (information texts).
    constant: bool
    # Reads only scalar answers (no list, route or date): the values alone are the memo key.
    plain_reads: bool
    # Evaluated results by the values read (see engine); results are immutable, so sharing is safe.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class CompiledRoute:
    spec: Route
    when: Node | None
    reads: tuple[str, ...]
    result: RouteResult

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True, slots=True)
class CareTypeRules:
    """Everything the engine and a form need for one care type, in file order."""

    spec: CareType
    questions: tuple[CompiledQuestion, ...]
    criteria: tuple[CompiledCriterion, ...]
    routes: tuple[CompiledRoute, ...]
    dates: tuple[PolicyDate, ...]
    tiers: TierTable | None
    question_by_id: Mapping[str, CompiledQuestion] = field(repr=False)
    # Subsets the engine walks on every evaluation, computed once.
    conditional_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    route_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    required_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    required_ids: frozenset[str] = field(repr=False)
    # Questions only the purchaser answers (hidden, with what they decide, in the provider role).
    purchaser_ids: frozenset[str] = field(repr=False)
    bounded_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    # The fields that decide which questions apply, before and after the route is known.
    applicability_reads: tuple[str, ...] = field(repr=False)
    route_applicability_reads: tuple[str, ...] = field(repr=False)
    # Per date its applies_when (None: always), and the fields those conditions read.
    date_conditions: tuple[Node | None, ...] = field(default=(), repr=False)
    date_reads: tuple[str, ...] = field(default=(), repr=False)
    applicability_memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    date_memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    tier_memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def factor_count(self) -> int:
        return sum(1 for criterion in self.criteria if criterion.spec.kind == "factor")


@dataclass(frozen=True, slots=True)
class Policy:
    meta: PolicyMeta
    path: Path
    sha256: str
    lists: Mapping[str, list[str]]
    sections: tuple[Section, ...]
    care_types: Mapping[str, CareTypeRules]
    file: PolicyFile = field(repr=False)

    @property
    def id(self) -> str:
        return self.meta.id


def read_toml(path: Path, data: bytes) -> dict[str, Any]:
    """The TOML document in ``data``, or a PolicyError that names the file and the problem."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PolicyError(path, "", "bestand is geen UTF-8-tekst") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's messages are English: keep only the position, which is what helps.
        where = re.search(r"line (\d+), column (\d+)", str(error))
        position = f" (fout op regel {where[1]}, kolom {where[2]})" if where else ""
        raise PolicyError(path, "", f"geen geldige TOML{position}") from None
    except RecursionError:
        raise PolicyError(path, "", "geen geldige TOML: te diep geneste gegevens") from None


def load_policy(path: Path) -> Policy:
    """Read, validate and compile one policy file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PolicyError(
            path, "", f"kan het bestand niet lezen: {describe_os_error(error)}"
        ) from None
    if size > MAX_POLICY_BYTES:
        raise PolicyError(path, "", f"bestand is te groot ({size} bytes) voor een beleidsbestand")
    data = path.read_bytes()
    raw = read_toml(path, data)
    try:
        parsed = PolicyFile.model_validate(raw)
    except ValidationError as error:
        where, problem = _describe_validation_error(error, raw)
        raise PolicyError(path, where, problem) from None
    return _Compiler(path, parsed, hashlib.sha256(data).hexdigest()).compile()


def _describe_validation_error(error: ValidationError, raw: dict[str, Any]) -> tuple[str, str]:
    first = error.errors()[0]
    loc = list(first["loc"])
    where = _describe_location(loc, raw)
    kind = first["type"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        problem = f"veld '{name}' ontbreekt"
    elif kind == "extra_forbidden":
        problem = f"onbekend veld '{name}'"
    elif kind == "value_error":
        problem = dutch_message(first)
    else:
        problem = f"'{name}': {dutch_message(first)}"
    more = len(error.errors()) - 1
    if more:
        problem += f" (en nog {more} andere fout(en))"
    return where, problem


def _describe_location(loc: list[Any], raw: dict[str, Any]) -> str:
    """('criteria', 3, 'source') -> 'criteria[3] (PZ-R1)' using the id found in the file."""
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            label = f"{parts.pop() if parts else ''}[{key}]"
            node = node[key] if key < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label += f" ({node['id']})"
            parts.append(label)
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts[:-1]) if len(parts) > 1 else (parts[0] if parts else "")


def _applies_to(care_types: Iterable[str], care_type: str) -> bool:
    return ALL_CARE_TYPES in care_types or care_type in care_types


class _Compiler:
    def __init__(self, path: Path, parsed: PolicyFile, sha256: str) -> None:
        self.path = path
        self.file = parsed
        self.sha256 = sha256

    def fail(self, where: str, problem: str) -> PolicyError:
        return PolicyError(self.path, where, problem)

    def compile(self) -> Policy:
        file = self.file
        care_ids = [care.id for care in file.care_types]
        self._unique(care_ids, "zorgsoort")
        self._unique([section.id for section in file.sections], "sectie")
        known = set(care_ids) | {ALL_CARE_TYPES}
        for kind, items in (
            ("vraag", file.questions),
            ("criterium", file.criteria),
            ("route", file.routes),
            ("datum", file.dates),
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

    def _unique(self, ids: list[str], what: str, scope: str = "") -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise self.fail(scope, f"dubbele {what}-id '{item}'")
            seen.add(item)

    def _options(self, raw: Any, none_option: str | None, where: str) -> dict[str, str]:
        if raw is None:
            if none_option is not None:
                raise self.fail(where, "none_option zonder opties")
            return {}
        if isinstance(raw, str):
            name = raw.removeprefix("@")
            if not raw.startswith("@") or name not in self.file.lists:
                raise self.fail(where, f"onbekende lijst '{raw}' voor de opties")
            values = self.file.lists[name]
            labels = {value: value for value in values}
            count = len(values)
        else:
            labels = {option.value: option.label for option in raw}
            count = len(raw)
        if none_option is not None:
            labels[NONE_OPTION] = none_option
            count += 1
        if len(labels) != count:
            raise self.fail(where, "dubbele optiewaarde")
        return labels

    def _field_info(self, question: Question) -> FieldInfo:
        where = f"vraag {question.id}"
        columns = {
            column.id: FieldInfo(
                id=column.id,
                type=column.type,
                label=column.short or column.label,
                unit=column.unit,
                option_labels=self._options(
                    column.options, column.none_option, f"{where}, kolom {column.id}"
                ),
            )
            for column in question.columns or ()
        }
        if len(columns) != len(question.columns or ()):
            raise self.fail(where, "dubbele kolom-id")
        unit = "%" if question.type == "percentage" else question.unit
        return FieldInfo(
            id=question.id,
            type=question.type,
            label=question.short or question.label,
            unit=unit,
            option_labels=self._options(question.options, question.none_option, where),
            columns=columns,
            row_label=question.row_label,
            exclusive_option=(
                NONE_OPTION
                if question.none_option is not None
                and question.none_exclusive
                and question.type == "meerkeuze"
                else None
            ),
        )

    def _care_type(self, care: CareType) -> CareTypeRules:
        file = self.file
        scope = f"zorgsoort {care.id}"
        questions = [q for q in file.questions if _applies_to(q.care_types, care.id)]
        criteria = [c for c in file.criteria if _applies_to(c.care_types, care.id)]
        routes = [r for r in file.routes if _applies_to(r.care_types, care.id)]
        dates = [d for d in file.dates if _applies_to(d.care_types, care.id)]
        self._unique([q.id for q in questions], "vraag", scope)
        self._unique([f"{c.id}{' (' + c.variant + ')' if c.variant else ''}" for c in criteria],
                     "criterium", scope)  # fmt: skip
        self._unique([r.id for r in routes], "route", scope)
        self._unique([d.id for d in dates], "datum", scope)

        infos = {q.id: self._field_info(q) for q in questions}
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
                    _int_bounds(question),
                )
            )
        by_id = {q.id: q for q in compiled_questions}
        self._check_question_refs(compiled_questions, by_id, scope)

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
            result = RouteResult(
                route.id, route.catalogue_id, route.label, route.text, route.source, route.verdict
            )
            compiled_routes.append(CompiledRoute(route, when, reads, result))
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
        self._check_tiers(care, compiled_criteria, scope)
        self._check_every_question_read(
            compiled_questions, compiled_criteria, compiled_routes, scope
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
        for name in ("met", "not_met", "text", "remedy", "hint"):
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

    def _check_question_refs(
        self,
        questions: list[CompiledQuestion],
        by_id: Mapping[str, CompiledQuestion],
        scope: str,
    ) -> None:
        for question in questions:
            target = question.spec.max_question
            if target is not None and (target not in by_id or by_id[target].spec.type != "getal"):
                raise self.fail(
                    f"vraag {question.id} ({scope})", f"max_question '{target}' is geen getalvraag"
                )
        # A question may only depend on questions asked before it: the form reads top-down,
        # and the engine can decide applicability in one pass without cycles.
        position = {q.id: index for index, q in enumerate(questions)}
        for question in questions:
            for target in question.applies.fields() if question.applies else ():
                if target in position and position[target] >= position[question.id]:
                    raise self.fail(
                        f"vraag {question.id} ({scope})",
                        f"hangt af van vraag '{target}', die niet eerder gesteld wordt",
                    )

    def _check_tiers(self, care: CareType, criteria: list[CompiledCriterion], scope: str) -> None:
        factors = sum(1 for c in criteria if c.spec.kind == "factor")
        if care.tiers is None:
            if factors:
                raise self.fail(scope, f"{factors} differentiatiefactor(en) maar geen tiers-tabel")
            return
        if not factors:
            raise self.fail(scope, "een tiers-tabel zonder differentiatiefactoren")
        owner: dict[int, str] = {}
        for level in care.tiers.levels:
            for count in level.factors:
                if not 0 <= count <= factors:
                    raise self.fail(
                        f"{scope}, tier {level.id}",
                        f"{count} factoren kan niet: er zijn er {factors}",
                    )
                if count in owner:
                    raise self.fail(
                        f"{scope}, tier {level.id}",
                        f"{count} factoren hoort al bij tier {owner[count]}",
                    )
                owner[count] = level.id
        missing = [count for count in range(factors + 1) if count not in owner]
        if missing:
            raise self.fail(
                f"{scope}, tiers", f"geen tier voor {missing} factor(en); elk aantal 0-{factors}"
            )

    def _check_every_question_read(
        self,
        questions: list[CompiledQuestion],
        criteria: list[CompiledCriterion],
        routes: list[CompiledRoute],
        scope: str,
    ) -> None:
        read: set[str] = set()
        for criterion in criteria:
            read.update(criterion.reads)
        for route in routes:
            read.update(route.reads)
        for question in questions:
            if question.applies is not None:
                read |= question.applies.fields()
            if question.spec.max_question:
                read.add(question.spec.max_question)
        unread = [q.id for q in questions if q.id not in read]
        if unread:
            raise self.fail(scope, f"vragen die door geen enkele regel gelezen worden: {unread}")


def _reads_of(questions: Iterable[CompiledQuestion]) -> tuple[str, ...]:
    """The fields the applicability conditions of these questions read, in a stable order."""
    fields: set[str] = set()
    for question in questions:
        if question.applies is not None:
            fields |= question.applies.fields()
    return tuple(sorted(fields))


def _int_bounds(question: Question) -> tuple[float, float] | None:
    if question.type == "getal":
        low, high = question.min, question.max
    elif question.type == "percentage":
        low = 0 if question.min is None else question.min
        high = 100 if question.max is None else question.max
    else:
        return None
    return (-MAX_NUMBER if low is None else low, MAX_NUMBER if high is None else high)


def policy_files(directory: Path) -> list[Path]:
    """The policy files below a directory (examples files excluded), in a stable order."""
    return sorted(p for p in directory.rglob("*.toml") if not p.name.endswith(".examples.toml"))
