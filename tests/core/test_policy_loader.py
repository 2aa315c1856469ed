"""An invalid policy file fails to load with a message naming the file, the part and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from caresq_desk.core.policy.loader import PolicyError, load_policy

MINIMAL = """
schema = 1

[policy]
id = "test-2030"
title = "Testbeleid"
document = "Testdocument"
contract_year = 2030
version = "1"

[lists]
codes = ["04", "05"]

[[sections]]
id = "s"
label = "Sectie"

[[care_types]]
id = "zorg"
label = "Zorg"
tiers = { id = "T-TIER", source = "§1", levels = [
  { id = "A", label = "A", factors = [1] },
  { id = "B", label = "B", factors = [0] },
] }

[[questions]]
id = "index"
care_types = ["zorg"]
section = "s"
type = "getal"
label = "Index?"
source = "§1 vraag"

[[questions]]
id = "register"
care_types = ["zorg"]
section = "s"
type = "ja_nee"
label = "Register?"
source = "§2 vraag"

[[criteria]]
id = "T-INDEX"
kind = "eis"
care_types = ["zorg"]
title = "Index"
source = "§1"
condition = { q = "index", le = 150 }
met = "ok {value}"
not_met = "te hoog: {value} > {limit}"

[[criteria]]
id = "T-F1"
kind = "factor"
care_types = ["zorg"]
title = "Register"
source = "§2"
condition = { q = "register", eq = true }
met = "ja"
not_met = "nee"

[[routes]]
id = "standaard"
catalogue_id = "T-ROUTE"
care_types = ["zorg"]
label = "Standaard"
text = "Aanbod via VECOZO."
source = "§4"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "beleid.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_policy(write(tmp_path, text))
    assert str(caught.value).startswith(str(tmp_path / "beleid.toml"))
    return caught.value


def test_minimal_policy_loads(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, MINIMAL))
    assert policy.care_types["zorg"].factor_count == 1
    assert len(policy.sha256) == 64


def test_unknown_question_in_a_criterion(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, MINIMAL.replace('{ q = "index", le = 150 }', '{ q = "indx", le = 150 }')
    )
    assert "criterium T-INDEX" in error.where
    assert "onbekende vraag 'indx'" in error.problem


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace('id = "T-F1"', 'id = "T-INDEX"'))
    assert "dubbele criterium-id 'T-INDEX'" in error.problem
    assert "zorg" in error.where


def test_duplicate_question_id(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace('id = "register"', 'id = "index"'))
    assert "dubbele vraag-id 'index'" in error.problem


def test_missing_source(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace('source = "§2"\n', ""))
    assert "T-F1" in error.where
    assert "'source' ontbreekt" in error.problem


def test_missing_catalogue_id(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace('id = "T-F1"\n', ""))
    assert "criteria[1]" in error.where
    assert "'id' ontbreekt" in error.problem


def test_malformed_catalogue_id(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace('id = "T-F1"', 'id = "factor één"'))
    assert "geen catalogus-id" in error.problem


def test_question_no_rule_reads(tmp_path: Path) -> None:
    extra = (
        '\n[[questions]]\nid = "los"\ncare_types = ["zorg"]\nsection = "s"\n'
        'type = "ja_nee"\nlabel = "Los?"\nsource = "§9"\n'
    )
    text = MINIMAL.replace("[[criteria]]", extra + "\n[[criteria]]", 1)
    error = load_error(tmp_path, text)
    assert "['los']" in error.problem
    assert "gelezen" in error.problem


@pytest.mark.parametrize(
    ("levels", "problem"),
    [
        ('{ id = "A", label = "A", factors = [1] }', "geen tier voor [0]"),
        (
            '{ id = "A", label = "A", factors = [0, 1] }, { id = "B", label = "B", factors = [0] }',
            "hoort al bij tier A",
        ),
        (
            '{ id = "A", label = "A", factors = [2] }, { id = "B", label = "B", factors = [0, 1] }',
            "2 factoren kan niet",
        ),
    ],
)
def test_tier_table_must_map_each_factor_count_to_one_tier(
    tmp_path: Path, levels: str, problem: str
) -> None:
    start = MINIMAL.index("levels = [")
    end = MINIMAL.index("\n] }", start) + 4
    text = MINIMAL[:start] + f"levels = [{levels}] }}" + MINIMAL[end:]
    error = load_error(tmp_path, text)
    assert problem in error.problem
    assert "zorgsoort zorg" in error.where


def test_factors_without_tier_table(tmp_path: Path) -> None:
    start = MINIMAL.index("tiers = {")
    end = MINIMAL.index("\n] }", start) + 4
    error = load_error(tmp_path, MINIMAL[:start] + MINIMAL[end:])
    assert "geen tiers-tabel" in error.problem


def test_unknown_key_is_reported(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, MINIMAL.replace('title = "Index"', 'title = "Index"\ntreshold = 150')
    )
    assert "onbekend veld 'treshold'" in error.problem
    assert "T-INDEX" in error.where


def test_not_toml(tmp_path: Path) -> None:
    assert "geen geldige TOML" in load_error(tmp_path, "schema = = 1").problem


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "beleid.toml"
    path.write_bytes(b"schema = 1\ntitle = '\xff'\n")
    with pytest.raises(PolicyError, match="UTF-8"):
        load_policy(path)


def test_unknown_list(tmp_path: Path) -> None:
    text = MINIMAL.replace('{ q = "index", le = 150 }', '{ q = "index", in = "@onbekend" }')
    error = load_error(tmp_path, text)
    assert "past niet bij vraag 'index'" in error.problem or "onbekende lijst" in error.problem


def test_operator_that_does_not_fit_the_question_type(tmp_path: Path) -> None:
    text = MINIMAL.replace('{ q = "register", eq = true }', '{ q = "register", ge = 3 }')
    assert "past niet bij vraag 'register'" in load_error(tmp_path, text).problem


def test_condition_must_name_one_operator(tmp_path: Path) -> None:
    text = MINIMAL.replace('{ q = "index", le = 150 }', '{ q = "index", le = 150, ge = 1 }')
    assert "precies één vergelijking" in load_error(tmp_path, text).problem


def test_condition_value_of_the_wrong_type(tmp_path: Path) -> None:
    text = MINIMAL.replace('{ q = "index", le = 150 }', '{ q = "index", le = "150" }')
    assert "verwacht een andere waarde" in load_error(tmp_path, text).problem


def test_unknown_placeholder(tmp_path: Path) -> None:
    text = MINIMAL.replace("te hoog: {value} > {limit}", "te hoog: {waarde}")
    assert "onbekende plaatshouder(s) ['waarde']" in load_error(tmp_path, text).problem


def test_last_route_must_always_apply(tmp_path: Path) -> None:
    text = MINIMAL.replace('source = "§4"', 'source = "§4"\nwhen = { q = "index", gt = 150 }')
    assert "de laatste route" in load_error(tmp_path, text).problem


def test_question_may_only_depend_on_earlier_questions(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'label = "Index?"', 'label = "Index?"\napplies_when = { q = "register", eq = true }'
    )
    assert "niet eerder gesteld" in load_error(tmp_path, text).problem


def test_named_conditions_may_not_loop(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "[lists]", '[conditions]\na = { ref = "b" }\nb = { ref = "a" }\n\n[lists]'
    )
    text = text.replace('{ q = "index", le = 150 }', '{ ref = "a" }')
    assert "kring" in load_error(tmp_path, text).problem


def test_purchaser_question_cannot_be_required(tmp_path: Path) -> None:
    text = MINIMAL.replace('label = "Register?"', 'label = "Register?"\naudience = "inkoper"')
    assert "alleen voor de inkoper" in load_error(tmp_path, text).problem


def test_unknown_care_type(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'care_types = ["zorg"]\ntitle = "Register"', 'care_types = ["zorgg"]\ntitle = "Register"'
    )
    assert "onbekende zorgsoort" in load_error(tmp_path, text).problem


def test_choice_option_in_condition_must_exist(tmp_path: Path) -> None:
    question = (
        '\n[[questions]]\nid = "keuze"\ncare_types = ["zorg"]\nsection = "s"\ntype = "keuze"\n'
        'label = "Keuze?"\nsource = "§9"\noptions = [{ value = "a", label = "A" }]\n'
    )
    criterion = (
        '\n[[criteria]]\nid = "T-K"\nkind = "eis"\ncare_types = ["zorg"]\ntitle = "K"\n'
        'source = "§3"\ncondition = { q = "keuze", eq = "b" }\nmet = "ja"\nnot_met = "nee"\n'
    )
    text = MINIMAL.replace("[[criteria]]", question + "\n[[criteria]]", 1).replace(
        "[[routes]]", criterion + "\n[[routes]]"
    )
    assert "kent de optie(s) 'b' niet" in load_error(tmp_path, text).problem


def test_policy_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "beleid.toml"
    path.write_text("# " + "x" * 2_100_000)
    with pytest.raises(PolicyError, match="te groot"):
        load_policy(path)
