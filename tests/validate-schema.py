#!/usr/bin/env python3
"""Validate JSON documents against a runtime-spec JSON schema (draft-04).

usage: validate-schema.py SCHEMA DOC...   exit 0 when every DOC is valid,
1 when one is not (the errors are printed), 77 when jsonschema is missing.
Relative $refs ("defs.json#/...") resolve against the schema's directory.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("python3 module jsonschema is missing (Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(77)


def main():
    schema_path = os.path.abspath(sys.argv[1])
    with open(schema_path) as f:
        schema = json.load(f)
    base = "file://" + os.path.dirname(schema_path) + "/"
    resolver = jsonschema.RefResolver(base_uri=base, referrer=schema)
    validator = jsonschema.Draft4Validator(schema, resolver=resolver)
    bad = 0
    for doc_path in sys.argv[2:]:
        with open(doc_path) as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print("%s: %s: %s" % (doc_path, "/".join(str(p) for p in e.path), e.message))
        bad += bool(errors)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
