#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates scenario files against schema/scenario.schema.json with Python's jsonschema
# (and PyYAML), as an editor would. `caseflow validate` remains the authority: it also
# checks what a schema cannot (PDU cross-references, sums, dates within the horizon).
#
#   scripts/check-schema.sh                 # scenarios/*.yaml, the built-in resource, README's example
#   scripts/check-schema.sh FILE.yaml ...   # the given files
#
# Exit status: 0 when every file is valid, 1 when one is not, 2 when the tools are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
    echo "check-schema: needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml)" >&2
    exit 2
fi

python3 - "$@" <<'PY'
import glob, json, re, sys
import jsonschema, yaml

class Loader(yaml.SafeLoader):
    """YAML as the scenario loader reads it: dates stay text (the schema checks their pattern)."""
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

def stringify_keys(x):
    # JSON object keys are text; YAML's `25:` is a number.
    if isinstance(x, dict):
        return {str(k): stringify_keys(v) for k, v in x.items()}
    if isinstance(x, list):
        return [stringify_keys(v) for v in x]
    return x

def readme_example():
    text = open("README.md", encoding="utf-8").read()
    m = re.search(r"```yaml\n(caseflow: 1\n.*?)```", text, re.S)
    return m.group(1) if m else None

schema = json.load(open("schema/scenario.schema.json", encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

files = sys.argv[1:]
documents = []
if files:
    documents = [(f, open(f, encoding="utf-8").read()) for f in files]
else:
    for f in sorted(glob.glob("scenarios/*.yaml")) + ["Sources/Scenario/Resources/national-day1.yaml"]:
        documents.append((f, open(f, encoding="utf-8").read()))
    example = readme_example()
    if example is not None:
        documents.append(("README.md (example)", example))

bad = 0
for name, text in documents:
    data = stringify_keys(yaml.load(text, Loader=Loader))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    for e in errors:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path).lstrip(".")
        print(f"{name}: {path or '(top)'}: {e.message}")
    print(f"{name}: {'valid' if not errors else f'{len(errors)} problem(s)'}")
    bad += bool(errors)
sys.exit(1 if bad else 0)
PY
