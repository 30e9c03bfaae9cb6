#!/usr/bin/env python3
"""Folder-to-folder dependencies of Sources/RollbookKit, checked against the allowed table.

Every type, protocol, type alias and top-level function or constant declared in a folder is that
folder's name; a folder uses another when one of its files names one of the other's names
(comments and string literals are left out). `Site/HTML/` counts as `Site/`.
Prints each use of a folder that the table does not allow (`file:line: error: ...`) and exits 1;
`--table` prints every dependency found (folder -> folders). It also fails on a folder of
Tests/RollbookKitTests that mirrors no folder of Sources/RollbookKit (Helpers/ and Fixtures/ aside).

The allowed table (also in the README's code map):
"""
import os, re, sys

ALLOWED = {
    "Support":  set(),
    "Read":     {"Support"},
    "Markdown": {"Support", "Read"},
    "Check":    {"Support", "Read"},
    "Analyse":  {"Support", "Read", "Check"},
    "Report":   {"Support", "Read", "Check", "Analyse"},
    "Diff":     {"Support", "Read"},
    "Import":   {"Support", "Read"},
    "Site":     {"Support", "Read", "Markdown", "Check", "Analyse", "Report", "Diff"},
    "Trust":    {"Support", "Read", "Markdown", "Check", "Analyse", "Report", "Site"},
    "Init":     {"Support", "Read", "Markdown", "Import"},
    "Sample":   {"Support", "Read", "Import", "Diff", "Site"},
}
__doc__ += "".join(f"  {k:9} may use {', '.join(sorted(v)) or 'nothing'}\n" for k, v in ALLOWED.items())

DECL = re.compile(r"^(?:\s*(?:public |internal |fileprivate |private |final |indirect |@\w+ )*)"
                  r"(?:struct|class|enum|protocol|typealias|actor)\s+([A-Za-z_]\w*)")
TOPLEVEL = re.compile(r"^(?:public |internal |fileprivate |private |@\w+ )*(?:func|let|var)\s+([A-Za-z_]\w*)")
# Names a folder declares again (nested) that Swift's standard library or a dependency already
# has (`BuildManifest.Hasher`, `TemplateCompiler.Node` beside Yams' `Node`): a use of the other
# one is not a use of the folder.
STANDARD = {"Hasher", "Node"}
# Test folders that hold no tests of one source folder: shared helpers and fixture files.
TEST_ONLY = {"Helpers", "Fixtures"}
WORD = re.compile(r"\b[A-Za-z_]\w*\b")


def strip(text):
    """The code without comments and string literals (kept as line breaks, for line numbers)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j)); i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('""' + "\n" * text.count("\n", i, j)); i = j
        elif c == '"':
            j = i + 1
            depth = 0
            while j < n and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n:
                    if text[j + 1] == "(":
                        # interpolation: keep the code inside \( ... )
                        k, depth = j + 2, 1
                        while k < n and depth:
                            depth += {"(": 1, ")": -1}.get(text[k], 0); k += 1
                        out.append(" " + text[j + 2:k - 1] + " ")
                        j = k; continue
                    j += 2; continue
                if text[j] == '"':
                    break
                j += 1
            out.append('""'); i = j + 1
        else:
            out.append(c); i += 1
    return "".join(out)


def folder_of(rel):
    return rel.split("/")[0]


def table_cycle():
    """A cycle in the allowed table itself (the table must be a ladder, never a loop)."""
    state = {}
    def visit(k, path):
        if state.get(k) == 1:
            return path[path.index(k):] + [k]
        if state.get(k) == 2:
            return None
        state[k] = 1
        for d in sorted(ALLOWED.get(k, ())):
            c = visit(d, path + [k])
            if c:
                return c
        state[k] = 2
        return None
    for k in ALLOWED:
        c = visit(k, [])
        if c:
            return c
    return None


def main():
    cycle = table_cycle()
    if cycle:
        print("scripts/folder_deps.py: error: the allowed table has a cycle: " + " -> ".join(cycle))
        return 1
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "RollbookKit")
    root = os.path.normpath(sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv else root)
    files = {}
    for d, _, names in os.walk(root):
        for f in sorted(names):
            if f.endswith(".swift"):
                p = os.path.join(d, f)
                with open(p, encoding="utf-8") as fh:
                    files[os.path.relpath(p, root)] = strip(fh.read())
    owner = {}  # name -> folder
    for rel, code in files.items():
        for line in code.split("\n"):
            m = DECL.match(line) or TOPLEVEL.match(line)
            if m and not line.lstrip().startswith("extension"):
                owner.setdefault(m.group(1), set()).add(folder_of(rel))
    # A name declared in two folders (nested types such as `Options`, `Row`) tells nothing.
    owner = {k: next(iter(v)) for k, v in owner.items() if len(v) == 1 and k not in STANDARD}
    unknown = sorted({folder_of(r) for r in files} - ALLOWED.keys())
    edges, bad = {}, []
    for rel, code in sorted(files.items()):
        me = folder_of(rel)
        for no, line in enumerate(code.split("\n"), 1):
            for w in WORD.findall(line):
                other = owner.get(w)
                if other is None or other == me:
                    continue
                edges.setdefault(me, set()).add(other)
                if other not in ALLOWED.get(me, set()):
                    bad.append(f"Sources/RollbookKit/{rel}:{no}: error: {me}/ uses {other}/ ({w}); allowed: {', '.join(sorted(ALLOWED.get(me, ()))) or 'nothing'}")
    if "--table" in sys.argv:
        for k in sorted(edges):
            print(f"{k:9} -> {', '.join(sorted(edges[k]))}")
    for u in unknown:
        print(f"Sources/RollbookKit/{u}: error: folder not in the allowed table (scripts/folder_deps.py)")
    # The library's tests mirror its folders: every folder of Tests/RollbookKitTests is a folder
    # of Sources/RollbookKit, or one of the test-only folders.
    tests = os.path.normpath(os.path.join(root, "..", "..", "Tests", "RollbookKitTests"))
    unknown_tests = []
    for d in sorted(os.listdir(tests)) if os.path.isdir(tests) else []:
        if os.path.isdir(os.path.join(tests, d)) and d not in ALLOWED and d not in TEST_ONLY:
            unknown_tests.append(f"Tests/RollbookKitTests/{d}: error: test folder mirrors no folder of Sources/RollbookKit "
                                 f"(allowed besides those: {', '.join(sorted(TEST_ONLY))})")
    for u in unknown_tests:
        print(u)
    seen = set()
    for b in bad:
        if b not in seen:
            print(b); seen.add(b)
    if bad or unknown or unknown_tests:
        print(f"{len(seen) + len(unknown) + len(unknown_tests)} forbidden folder dependencies or test folders")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
