#!/usr/bin/env python3
"""Lists the functions longer than a limit in C++ sources (a brace-matching heuristic:
a top-level or namespace-level '{' that follows a ')' or 'const'/'override' opens a function
body; lambdas and nested blocks count towards their function).

usage: function-lengths.py LIMIT FILE_OR_DIR...   exit status 1 when any function is longer."""
import os
import re
import sys


def functions(path):
    text = open(path, encoding="utf-8").read()
    # Blank out comments and string/char literals, keeping line breaks.
    text = re.sub(r'//[^\n]*|/\*.*?\*/|R"\((?:.|\n)*?\)"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                  lambda m: re.sub(r'[^\n]', ' ', m.group(0)), text, flags=re.S)
    depth = 0
    scopes = []  # (kind, start line) per open brace
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1
        elif c == '{':
            head = text[max(0, i - 300):i].rstrip()
            in_function = any(k == 'fn' for k, _, _ in scopes)
            is_fn = (not in_function and re.search(r'(\)|\bconst|\boverride|\bnoexcept|->\s*[\w:<>,\s*&]+)\s*$', head)
                     and not re.search(r'\b(namespace|class|struct|enum|union)\b[^;{}()]*$', head))
            name = ''
            if is_fn:
                m = re.search(r'([~\w:]+(?:<[^<>]*>)?)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)[^()]*$', head)
                name = m.group(1) if m else '?'
            scopes.append(('fn' if is_fn else 'block', line, name))
        elif c == '}':
            if scopes:
                kind, start, name = scopes.pop()
                if kind == 'fn':
                    yield name, start, line - start + 1
        i += 1


def main():
    limit = int(sys.argv[1])
    paths = []
    for p in sys.argv[2:]:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                paths += [os.path.join(root, f) for f in files if f.endswith(('.cpp', '.h'))]
        else:
            paths.append(p)
    bad = 0
    for path in sorted(paths):
        for name, start, length in functions(path):
            if length > limit:
                print(f"{path}:{start}: {name} is {length} lines (limit {limit})")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
