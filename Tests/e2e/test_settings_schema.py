"""protocol/settings.schema.json is a valid JSON Schema, names exactly the configuration keys, and accepts the
settings the tests and the shipped editor configurations use."""
import json
import re

import jsonschema

from conftest import ROOT

SCHEMA = json.loads((ROOT / "protocol" / "settings.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_names_exactly_the_configuration_keys():
    source = (ROOT / "Sources" / "PolicyLint" / "Engine" / "Configuration.swift").read_text(encoding="utf-8")
    known = re.search(r"knownKeys = \[([^\]]*)\]", source).group(1)
    keys = set(re.findall(r'"([a-z]+)"', known))
    assert keys == set(SCHEMA["properties"].keys())


def test_typical_settings_validate_and_mistakes_do_not():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {"corpus": "~/corpus", "date": "2023-12-01", "languages": ["markdown"],
            "rules": {"duplicate/doubled": "error", "figure": "off", "*": {"severity": "hint"}},
            "thresholds": {"reuseMinLength": 12}}
    assert not list(validator.iter_errors(good))
    for bad in [{"colour": "blue"}, {"date": "12/01/2023"}, {"rules": {"duplicate/doubled": "loud"}},
                {"languages": "markdown"}, {"thresholds": {"x": -1}}]:
        assert list(validator.iter_errors(bad)), bad
