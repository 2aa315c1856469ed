"""The command line: everything the application computes, without a display.

Bad input never gives a traceback: every expected problem is one line on stderr that names the
file and the field, with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from caresq_desk import __version__
from caresq_desk.cli_texts import use_dutch
from caresq_desk.core.common import paths
from caresq_desk.core.common.formatting import format_count
from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.document.examples import Example, load_examples
from caresq_desk.core.document.files import AssessmentFileError, save_assessment
from caresq_desk.core.document.provenance import assessed
from caresq_desk.core.document.session import OpenFailed, read_document
from caresq_desk.core.model.assessment import (
    SCHEMA_VERSION,
    AnswerProblemError,
    Assessment,
    check_answers,
)
from caresq_desk.core.policy.loader import Policy, PolicyError, load_policy, policy_files
from caresq_desk.core.policy.registry import Registry, UnknownPolicyError
from caresq_desk.core.report.text import render_text
from caresq_desk.core.rules.engine import UnknownCareTypeError, evaluate
from caresq_desk.core.rules.roles import ROLE_PURCHASER, ROLES
from caresq_desk.display import missing_display_libraries
from caresq_desk.excel.guard import UnsafeWorkbookError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
USER_ERRORS = (
    UnsafeWorkbookError,
    AssessmentFileError,
    PolicyError,
    UnknownPolicyError,
    UnknownCareTypeError,
    AnswerProblemError,
    OSError,
)


class CommandError(Exception):
    """A problem with the user's input, reported as one line."""


def _registry(args: argparse.Namespace) -> Registry:
    return Registry.load(args.policies)


def _check_answers_strictly(
    policy: Policy, assessment: Assessment, source: Path, not_asked: Collection[str] = ()
) -> None:
    """An answer that does not fit its question is an error; one the policy no longer asks
    (``not_asked``, kept in the file and named in a note) is not."""
    rules = policy.care_types.get(assessment.care_type)
    if rules is None:
        raise UnknownCareTypeError(policy, assessment.care_type)
    _, problems = check_answers(rules, assessment.answers)
    problems = [p for p in problems if p.field not in not_asked]
    if problems:
        more = f" (en nog {len(problems) - 1} andere)" if len(problems) > 1 else ""
        raise CommandError(f"{source}: {problems[0]}{more}")


def cmd_assess(args: argparse.Namespace) -> int:
    opened = read_document(args.file, _registry(args))  # as the window opens it
    if isinstance(opened, OpenFailed):
        raise CommandError(f"{args.file}: {opened.detail}")
    assessment, policy, notes = opened.assessment, opened.policy, opened.notes
    not_asked = {item.id for item in opened.not_placed}
    _check_answers_strictly(policy, assessment, args.file, not_asked)
    weighed = opened.weighed
    assert weighed is not None
    rules = policy.care_types[assessment.care_type]
    result = assessed(policy, weighed, args.role)  # a provider's claims do not count
    notes = notes + [n for n in (weighed.claims.describe(rules), weighed.chain.describe()) if n]
    if args.json:
        for note in notes:  # the JSON is the result; what was moved goes beside it
            print(f"Let op: {note}", file=sys.stderr)
        data = result.to_dict() | {"provenance": weighed.to_dict(rules)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for note in notes:
            print(f"Let op: {note}")
        print(render_text(weighed.counted, result, args.role), end="")
    return EXIT_OK


def cmd_carry(args: argparse.Namespace) -> int:
    """An assessment carried to another policy or year, written beside the original."""
    from datetime import date

    from caresq_desk.core.document.carry import carry_file
    from caresq_desk.core.model.assessment import Actor

    registry = _registry(args)
    actor = Actor(name="", role=ROLE_PURCHASER)  # the command line has no assessor name
    done = carry_file(args.file, registry, registry.get(args.target), actor, date.today(),
                      args.output)  # fmt: skip
    if done.carried is None or done.written is None:
        raise CommandError(f"{args.file}: {done.problem}")
    print(f"{done.written}: {done.carried.summary()}.")
    return EXIT_OK


def cmd_policies(args: argparse.Namespace) -> int:
    for policy in _registry(args):
        meta = policy.meta
        print(
            f"{policy.id}: {meta.title} (contractjaar {meta.contract_year}, versie {meta.version})"
        )
        for care in policy.care_types.values():
            tiers = (
                f"; contracten {', '.join(lv.id for lv in care.tiers.levels)}" if care.tiers else ""
            )
            print(f"  - {care.id}: {care.spec.label}{tiers}")
        if args.changes and policy.file.changes:
            print("  Wijzigingen:")
            for change in policy.file.changes:
                print(f"    * {change.heading}, {change.section}: {change.text}")
    return EXIT_OK


def _verify_examples(policy: Policy) -> list[str]:
    """Each bundled example must give the verdict, tier and route it promises."""
    failures = []
    for example in load_examples(policy):
        rules = policy.care_types.get(example.assessment.care_type)
        if rules is None:
            failures.append(
                f"voorbeeld {example.spec.name}: zorgsoort '{example.assessment.care_type}' "
                "bestaat niet in dit beleid"
            )
            continue
        _, problems = check_answers(rules, example.assessment.answers)
        failures += [f"voorbeeld {example.spec.name}: {problem}" for problem in problems]
        result = evaluate(policy, example.assessment)
        expect = example.spec.expect
        got = (
            result.verdict,
            result.tier.level if result.tier else None,
            result.route.id if result.route else None,
        )
        wanted = (expect.verdict, expect.tier, expect.route)
        if any(w is not None and w != g for w, g in zip(wanted, got, strict=True)):
            failures.append(f"voorbeeld {example.spec.name}: verwacht {wanted}, kreeg {got}")
    return failures


def cmd_policy_check(args: argparse.Namespace) -> int:
    files = args.files or policy_files(args.policies or paths.policies_dir())
    if not files:
        raise CommandError("geen beleidsbestanden gevonden")
    failed = False
    for path in files:
        try:
            policy = load_policy(path)
            failures = _verify_examples(policy)
        except (PolicyError, AssessmentFileError) as error:
            print(f"FOUT {error}", file=sys.stderr)
            failed = True
            continue
        for failure in failures:
            print(f"FOUT {path}: {failure}", file=sys.stderr)
        failed = failed or bool(failures)
        criteria = sum(len(c.criteria) for c in policy.care_types.values())
        print(
            f"{'OK  ' if not failures else 'FOUT'} {path}: {policy.id}, "
            f"{len(policy.care_types)} zorgsoorten, {criteria} criteria"
        )
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _all_examples(registry: Registry) -> list[tuple[Policy, Example]]:
    return [(policy, example) for policy in registry for example in load_examples(policy)]


def cmd_example(args: argparse.Namespace) -> int:
    target: Path = args.directory
    target.mkdir(parents=True, exist_ok=True)
    registry = _registry(args)
    examples = _all_examples(registry)
    for policy, example in examples:
        path = target / example.file_name
        save_assessment(path, example.assessment, evaluate(policy, example.assessment))
        print(f"{path}: {example.spec.title}")
    print(f"{len(examples)} voorbeeldbeoordelingen geschreven naar {target}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    schema = Assessment.model_json_schema()
    schema["$id"] = f"https://caresq.nl/schemas/caresq-desk/beoordeling-v{SCHEMA_VERSION}.json"
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    """Without a display: every policy loads, every bundled example gives its expected outcome,
    and the window can be built (offscreen). Exit 0 only when all of that holds."""
    directory = args.policies or paths.policies_dir()
    files = policy_files(directory)
    failures: list[str] = []
    examples = 0
    for path in files:
        try:
            policy = load_policy(path)
            examples += len(load_examples(policy))
            failures += [f"{path.name}: {failure}" for failure in _verify_examples(policy)]
        except PolicyError as error:
            failures.append(str(error))
    if not files:
        failures.append(f"geen beleidsbestanden in {directory}")
    failures += _gui_smoke_test(directory)
    from caresq_desk.core.document.signing import signing_works

    failures += [f"ondertekenen: {problem}" for problem in [signing_works()] if problem]
    from caresq_desk.excel.batch import excel_works

    loaded = Registry.load_available(directory)[0]  # a broken policy is named above
    failures += [f"Excel: {problem}" for problem in [excel_works(loaded)] if problem]
    for failure in failures:
        print(f"FOUT {failure}", file=sys.stderr)
    status = "geslaagd" if not failures else "MISLUKT"
    print(f"zelftest {status}: {len(files)} beleidsbestanden, {examples} voorbeelden, "
          f"{len(failures)} fouten (caresq-desk {__version__})")  # fmt: skip
    return EXIT_OK if not failures else EXIT_FAILED


def _gui_smoke_test(directory: Path) -> list[str]:
    """Build the main window offscreen with every policy: the Qt libraries are really there."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from caresq_desk.gui.app import create_application
        from caresq_desk.gui.main_window import MainWindow

        app = create_application([sys.argv[0]])
        window = MainWindow(Registry.load(directory))
        window.show()
        app.processEvents()
        if window.windowIcon().isNull():
            return ["het programmapictogram ontbreekt"]
        window.setWindowModified(False)
        window.close()
    except Exception as error:
        return [f"het venster kan niet worden gebouwd: {error!r}"]
    return []


def _assessment_files(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files += sorted(item.glob("*.json")) if item.is_dir() else [item]
    return files


def cmd_export(args: argparse.Namespace) -> int:
    """Assessment files (or folders of them) to one summary workbook. A file that cannot be read
    is reported, gets a row with its reason, and the others are exported."""
    from caresq_desk.excel.export import export_files

    registry = _registry(args)
    files = _assessment_files(args.inputs)
    assessed = [assess_file(path, registry, args.role) for path in files]
    for done in assessed:
        if done.problem:
            print(f"fout: {done.path}: {done.problem}", file=sys.stderr)
    exported, _ = export_files(args.output, assessed)
    print(
        f"{exported} van {format_count(len(files), 'bestand', 'bestanden')} geëxporteerd naar "
        f"{args.output}"
        + (f"; {len(files) - exported} niet gelezen" if exported < len(files) else "")
    )
    return EXIT_OK if exported else EXIT_FAILED


def cmd_template(args: argparse.Namespace) -> int:
    from caresq_desk.excel.template import write_template

    policy = _registry(args).get(args.policy_id)
    if args.care_type not in policy.care_types:
        raise UnknownCareTypeError(policy, args.care_type)
    write_template(args.output, policy, args.care_type)
    print(f"importsjabloon voor {policy.care_types[args.care_type].spec.label} in {args.output}")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """A filled provider list in, every row assessed or refused with its reason, the summary
    workbook out. Exit 1 when no row could be assessed."""
    from caresq_desk.excel.batch import assess_list
    from caresq_desk.excel.export import write_export
    from caresq_desk.excel.importer import batch_summary, read_provider_list

    imported = read_provider_list(args.file, _registry(args))
    rows, notices = assess_list(imported, args.file.name, role=args.role)
    write_export(args.output, [row.export for row in rows], notices, args.criteria)
    for warning in imported.warnings:
        print(f"let op: {warning}", file=sys.stderr)
    for problem in imported.problems:
        print(f"fout: {problem}", file=sys.stderr)
    assessed = len(imported.assessments)
    summary = batch_summary(
        assessed, imported.rows_read, len(imported.refused), len(imported.warnings)
    )
    print(f"{summary}; samenvatting in {args.output}")
    return EXIT_OK if assessed else EXIT_FAILED


COMMANDS = (
    "assess",
    "overnemen",
    "policies",
    "policy",
    "example",
    "export",
    "template",
    "batch",
    "gui",
    "schema",
)


def cmd_report(args: argparse.Namespace) -> int:
    """Assessment files to a PDF/A report: one combined file, or with ``-o MAP/`` one per file.
    A file that cannot be read is named and the others are still written."""
    from caresq_desk.core.report.html import report_html
    from caresq_desk.gui.pdf import write_pdf  # Qt loads here only, offscreen without display

    registry = _registry(args)
    documents: list[tuple[Path, str, str]] = []
    for path in _assessment_files(args.inputs):
        done = assess_file(path, registry, args.role)
        if done.problem or done.assessment is None or done.result is None or done.policy is None:
            print(f"fout: {path}: {done.problem}", file=sys.stderr)
            continue
        title = f"Beoordeling {done.assessment.provider.name or path.stem}"
        html = report_html(done.assessment, done.result, done.policy, args.role, done.weighed)
        documents.append((path, title, html))
    if not documents:
        raise CommandError("geen enkel bestand kon worden gelezen; er is geen rapport gemaakt")
    output = Path(args.output)
    if args.output.endswith(("/", os.sep)) or output.is_dir():  # one PDF per file
        for path, title, html in documents:
            write_pdf(output / f"{path.stem}.pdf", [(title, html)])
        print(f"{len(documents)} rapporten geschreven in {output}")
    else:
        write_pdf(output, [(title, html) for _, title, html in documents])
        print(f"rapport van {len(documents)} beoordeling(en) geschreven naar {output}")
    return EXIT_OK


def cmd_werkmap(args: argparse.Namespace) -> int:
    """Every assessment file under a folder as a table; with --gewijzigd only the files whose
    outcome a policy correction changed, with what changed per criterion."""
    from caresq_desk.core.werkmap.index import WerkmapIndex
    from caresq_desk.core.werkmap.text import round_summary, row_lines

    if not args.folder.is_dir():
        raise CommandError(f"{args.folder}: dit is geen map")
    index = WerkmapIndex()
    try:
        rows, _ = index.scan(args.folder, _registry(args))
    finally:
        index.close()
    if args.changed:
        rows = [row for row in rows if row.changed]
    if args.json:
        print(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print("\n".join(row_lines(row, args.folder, args.changed)))
    print(round_summary(rows))
    return EXIT_OK


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def cmd_gui(args: argparse.Namespace) -> int:
    """The desktop application; Qt is imported only here, so the rest runs without it."""
    missing = missing_display_libraries()
    if missing:
        raise CommandError(
            "het venster kan niet starten: deze systeembibliotheken ontbreken: "
            + ", ".join(missing)
            + ". Installeer ze (Debian/Ubuntu: sudo apt-get install "
            + " ".join(missing)
            + ") of voer scripts/setup.sh opnieuw uit."
        )
    from caresq_desk.gui.app import run

    return run(args.policies)


def cmd_default(args: argparse.Namespace) -> int:
    """Without a command: the desktop application, or without a display the bundled showcase
    example, assessed and printed."""
    registry = _registry(args)
    showcase = [(p, e) for p, e in _all_examples(registry) if e.spec.showcase]
    if not showcase:
        raise CommandError("geen voorbeeldbeoordeling gevonden bij de beleidsbestanden")
    if _has_display():
        return cmd_gui(args)
    policy, example = showcase[0]
    print(f"Voorbeeld: {example.spec.title}\n")
    print(render_text(example.assessment, evaluate(policy, example.assessment)), end="")
    print("\nMeer: caresq-desk --help")
    return EXIT_OK


def _role_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rol",
        dest="role",
        choices=ROLES,
        default=ROLE_PURCHASER,
        help="voor wie de uitkomst is: inkoper (alles) of zorgaanbieder (zonder wat alleen de "
        "inkoper beantwoordt)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caresq-desk",
        description="Toets zorgaanbieders aan het inkoopbeleid van Caresq. Zonder opdracht: "
        "het meegeleverde voorbeeld beoordelen.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"caresq-desk {__version__}",
        help="toon het versienummer en stop",
    )
    parser.add_argument(
        "--self-test",
        dest="handler",
        action="store_const",
        const=cmd_self_test,
        help="controleer zonder scherm alle beleidsbestanden, voorbeelden en het venster",
    )
    parser.add_argument(
        "--beleid-map",
        dest="policies",
        type=Path,
        default=None,
        metavar="MAP",
        help="map met beleidsbestanden (standaard: de meegeleverde map policies/)",
    )
    parser.set_defaults(handler=cmd_default)
    commands = parser.add_subparsers(title="opdrachten", metavar="OPDRACHT")

    assess = commands.add_parser("assess", help="beoordeel een beoordelingsbestand (JSON)")
    assess.add_argument("file", type=Path, metavar="BESTAND", help="het beoordelingsbestand")
    assess.add_argument("--json", action="store_true", help="uitkomst als JSON")
    _role_option(assess)
    assess.set_defaults(handler=cmd_assess)

    carry = commands.add_parser(
        "overnemen", help="een beoordeling overnemen naar een ander beleid of contractjaar"
    )
    carry.add_argument("file", type=Path, metavar="BESTAND", help="de beoordeling die overgaat")
    carry.add_argument(
        "--beleid", dest="target", required=True, metavar="BELEID",
        help="het beleid om naar over te nemen, bijvoorbeeld paramedische-zorg-2027",
    )  # fmt: skip
    carry.add_argument(
        "-o", "--output", type=Path, metavar="BESTAND",
        help="het nieuwe bestand (standaard: naast het origineel, met de naam van het beleid)",
    )  # fmt: skip
    carry.set_defaults(handler=cmd_carry)

    policies = commands.add_parser("policies", help="toon de beschikbare beleidsstukken")
    policies.add_argument(
        "--wijzigingen", dest="changes", action="store_true", help="toon ook de wijzigingen"
    )
    policies.set_defaults(handler=cmd_policies)

    policy = commands.add_parser("policy", help="beleidsbestanden beheren")
    policy_commands = policy.add_subparsers(title="opdrachten", metavar="OPDRACHT", required=True)
    check = policy_commands.add_parser(
        "check", help="controleer beleidsbestanden en hun voorbeelden"
    )
    check.add_argument(
        "files", type=Path, nargs="*", metavar="BESTAND",
        help="beleidsbestanden (.toml); zonder: alle meegeleverde",
    )  # fmt: skip
    check.set_defaults(handler=cmd_policy_check)

    example = commands.add_parser("example", help="schrijf voorbeeldbeoordelingen naar een map")
    example.add_argument("directory", type=Path, metavar="MAP", help="de map voor de bestanden")
    example.set_defaults(handler=cmd_example)

    export = commands.add_parser("export", help="beoordelingen naar een Excel-samenvatting")
    export.add_argument(
        "inputs", type=Path, nargs="+", metavar="BESTAND_OF_MAP",
        help="beoordelingsbestanden, of mappen waarvan alle .json-bestanden meegaan",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="XLSX",
        help="de Excel-samenvatting die wordt geschreven",
    )  # fmt: skip
    _role_option(export)
    export.set_defaults(handler=cmd_export)

    template = commands.add_parser("template", help="importsjabloon (Excel) voor een zorgsoort")
    template.add_argument(
        "policy_id", metavar="BELEID", help="het beleid, bijvoorbeeld paramedische-zorg-2026"
    )
    template.add_argument(
        "care_type", metavar="ZORGSOORT", help="de zorgsoort, bijvoorbeeld fysiotherapie"
    )
    template.add_argument(
        "-o", "--output", type=Path, required=True, metavar="XLSX",
        help="het sjabloon dat wordt geschreven",
    )  # fmt: skip
    template.set_defaults(handler=cmd_template)

    batch = commands.add_parser("batch", help="beoordeel alle rijen van een ingevulde lijst")
    batch.add_argument("file", type=Path, metavar="LIJST.xlsx", help="een ingevuld importsjabloon")
    batch.add_argument(
        "-o", "--output", type=Path, required=True, metavar="SAMENVATTING.xlsx",
        help="de Excel-samenvatting die wordt geschreven",
    )  # fmt: skip
    batch.add_argument(
        "--alle-criteria", dest="criteria", action="store_true",
        help="ook een blad met elk criterium per zorgaanbieder (groot bij een lange lijst; het "
        "overzicht noemt de niet voldane criteria al)",
    )  # fmt: skip
    _role_option(batch)
    batch.set_defaults(handler=cmd_batch)

    report = commands.add_parser("rapport", help="beoordelingen als PDF-rapport (PDF/A)")
    report.add_argument(
        "inputs", type=Path, nargs="+", metavar="BESTAND_OF_MAP",
        help="beoordelingsbestanden, of mappen waarvan alle .json-bestanden meegaan",
    )  # fmt: skip
    report.add_argument(
        "-o", "--output", required=True, metavar="UIT.pdf_OF_MAP/",
        help="één PDF voor alle bestanden, of een map (eindigend op /) voor een PDF per bestand",
    )  # fmt: skip
    _role_option(report)
    report.set_defaults(handler=cmd_report)

    werkmap = commands.add_parser(
        "werkmap", help="alle beoordelingen in een map, opnieuw getoetst aan het beleid van nu"
    )
    werkmap.add_argument(
        "folder", type=Path, metavar="MAP", help="de map van de ronde (met de mappen daaronder)"
    )
    werkmap.add_argument("--json", action="store_true", help="de tabel als JSON")
    werkmap.add_argument(
        "--gewijzigd", dest="changed", action="store_true",
        help="alleen bestanden waarvan de uitkomst door een beleidscorrectie is veranderd",
    )  # fmt: skip
    werkmap.set_defaults(handler=cmd_werkmap)

    gui = commands.add_parser("gui", help="start de desktoptoepassing")
    gui.set_defaults(handler=cmd_gui)

    schema = commands.add_parser("schema", help="JSON Schema van het beoordelingsbestand")
    schema.add_argument(
        "-o", "--output", type=Path, metavar="BESTAND", help="schrijf het schema naar dit bestand"
    )
    schema.set_defaults(handler=cmd_schema)
    return parser


def _file_to_open(argv: Sequence[str]) -> Path | None:
    """``caresq-desk FILE`` (what a file manager runs on a double-click): the file, or None."""
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] in COMMANDS:
        return None
    path = Path(argv[0])
    return path if path.suffix or path.exists() else None  # "asses" is a mistyped command


def cmd_open(args: argparse.Namespace) -> int:
    """Open a file in the window; without a display, assess it and print the result."""
    if _has_display():
        from caresq_desk.gui.app import run

        return run(args.policies, open_file=args.file)
    args.json = False
    args.role = ROLE_PURCHASER
    return cmd_assess(args)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    use_dutch()
    arguments = list(sys.argv[1:] if argv is None else argv)
    file = _file_to_open(arguments)
    if file is not None:
        args = argparse.Namespace(file=file, policies=None, handler=cmd_open)
    else:
        args = build_parser().parse_args(arguments)
    try:
        return int(args.handler(args))
    except (CommandError, *USER_ERRORS) as error:
        print(f"caresq-desk: fout: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
