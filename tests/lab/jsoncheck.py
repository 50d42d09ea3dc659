#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""jsoncheck: every line of FILE is one JSON object that SCHEMA admits.

Usage: jsoncheck.py SCHEMA FILE

Prints how many objects were checked and exits 0 when all of them pass;
else prints one line for each that does not ("line N: why") and exits 1.
Exits 2, saying why, when the check cannot be made at all (no jsonschema
module, a schema that is not one): that is never a pass.
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        print("usage: jsoncheck.py SCHEMA FILE")
        return 2
    try:
        import jsonschema
    except ImportError:
        print("cannot check: no jsonschema module for %s (install python3-jsonschema)"
              % sys.executable)
        return 2
    try:
        with open(sys.argv[1]) as f:
            schema = json.load(f)
        validator = jsonschema.Draft202012Validator
        validator.check_schema(schema)
        check = validator(schema)
        with open(sys.argv[2], encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print("cannot check: %s" % e)
        return 2
    if lines and lines[-1] == "":
        lines.pop()
    bad = 0
    for n, line in enumerate(lines, 1):
        try:
            o = json.loads(line)
        except ValueError as e:
            print("line %d: not JSON: %s" % (n, e))
            bad += 1
            continue
        if not isinstance(o, dict):
            print("line %d: not an object" % n)
            bad += 1
            continue
        for e in sorted(check.iter_errors(o), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in e.absolute_path)
            print("line %d: %s%s" % (n, where + ": " if where else "",
                                      e.message))
            bad += 1
    if bad:
        return 1
    print("%d object%s valid" % (len(lines), "" if len(lines) == 1 else "s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
