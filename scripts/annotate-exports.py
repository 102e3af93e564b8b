#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Marks the public API in include/rtpsec/ with RTPSEC_EXPORT.

A shared build compiles with -fvisibility=hidden, so a class or a non-inline
function declared in a public header but not marked is missing from the
shared library and its users fail to link. This adds the macro (and the
include of rtpsec/common/export.hpp) where it is missing; --check only lists
them and exits 1, for CI.

It relies on clang-formatted headers: namespace-scope declarations start in
column 0 (NamespaceIndentation: None).

usage: scripts/annotate-exports.py [--check] [HEADER...]
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MACRO = "RTPSEC_EXPORT"
INCLUDE = "#include <rtpsec/common/export.hpp>"
SKIP_STARTS = ("inline ", "constexpr ", "static ", "using ", "namespace", "enum ", "extern ",
               "typedef ", "template", "}", "#", "//", "friend ", "consteval ")


def statement(lines, i):
    """The declaration starting at line i, up to its ';' or '{' (parentheses closed)."""
    text, depth = "", 0
    for j in range(i, len(lines)):
        for ch in lines[j].split("//")[0]:
            text += ch
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch in ";{" and depth == 0:
                return text, ch
        text += " "
    return text, ""


def annotate(path, check):
    lines = path.read_text().split("\n")
    scopes = []  # one entry per open brace: True for a namespace's
    missing = []
    after_template = False
    for i, line in enumerate(lines):
        code = line.split("//")[0]
        at_namespace_scope = all(scopes)
        stripped = code.strip()
        if at_namespace_scope and code[:1] not in ("", " ", "\t") and MACRO not in code:
            if after_template:
                pass
            elif re.match(r"(class|struct) (\w+)( final)?\s*(:|\{|$)", code) and not stripped.endswith(";"):
                missing.append(i)
                lines[i] = re.sub(r"^(class|struct) ", r"\1 " + MACRO + " ", line, count=1)
            elif not code.startswith(SKIP_STARTS) and not re.match(r"(class|struct) ", code):
                text, end = statement(lines, i)
                if end == ";" and "(" in text and not re.search(r"=\s*(default|delete)\s*;?$", text.strip()):
                    missing.append(i)
                    m = re.match(r"(\[\[[^\]]*\]\]\s*)", line)
                    lines[i] = (line[: m.end()] + MACRO + " " + line[m.end():]) if m else MACRO + " " + line
        # friend functions of a class, defined in a .cpp
        if (re.match(r"\s+friend ", code) and MACRO not in code):
            text, end = statement(lines, i)
            if end == ";" and "(" in text and not re.search(r"=\s*default\s*;?$", text.strip()) \
                    and not re.match(r"\s+friend (class|struct) ", code):
                missing.append(i)
                lines[i] = line.replace("friend ", "friend " + MACRO + " ", 1)
        after_template = stripped.startswith("template") and not stripped.endswith(";") and \
            "{" not in stripped
        for ch in code:
            if ch == "{":
                scopes.append(bool(re.match(r"\s*(inline\s+)?namespace\b", code)) or
                              code.strip().startswith('extern "C'))
            elif ch == "}" and scopes:
                scopes.pop()
    if not missing:
        return []
    if check:
        return [f"{path.relative_to(ROOT)}:{i + 1}: {lines[i].strip()}" for i in missing]
    if INCLUDE not in lines:
        at = next((k for k, l in enumerate(lines) if l.startswith("#include <rtpsec/")), None)
        if at is None:
            last = max((k for k, l in enumerate(lines) if l.startswith("#include")), default=None)
            if last is None:
                last = next(k for k, l in enumerate(lines) if l.startswith("#pragma once"))
            lines[last + 1:last + 1] = ["", INCLUDE]
        else:
            lines.insert(at, INCLUDE)
    path.write_text("\n".join(lines))
    subprocess.run(["clang-format", "-i", str(path)], check=True)
    return [f"{path.relative_to(ROOT)}:{i + 1}" for i in missing]


def main():
    check = "--check" in sys.argv[1:]
    files = [pathlib.Path(a).resolve() for a in sys.argv[1:] if a != "--check"]
    if not files:
        files = sorted((ROOT / "include" / "rtpsec").rglob("*.hpp"))
    found = []
    for f in files:
        if f.name != "export.hpp":
            found += annotate(f, check)
    for line in found:
        print(line)
    if check and found:
        print(f"annotate-exports: {len(found)} public declarations lack {MACRO} "
              "(run scripts/annotate-exports.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
