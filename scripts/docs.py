#!/usr/bin/env python3
"""The command's reference has one source, docs/cli.md: the README's section is a copy of it,
and the man page (arenajson.1) is made from it.

  docs.py man docs/cli.md OUT.1        write the man page
  docs.py check README.md docs/cli.md  exit 1 when the README's section differs
  docs.py update README.md docs/cli.md rewrite the README's section from docs/cli.md
"""
import re
import sys

BEGIN = "<!-- cli-reference: begin (generated from docs/cli.md by scripts/docs.py update) -->"
END = "<!-- cli-reference: end -->"


def section(readme):
    start = readme.index(BEGIN) + len(BEGIN) + 1
    return readme[start:readme.index(END)]


def roff_text(s):
    s = s.replace("\\", "\\e")
    s = re.sub(r"\*\*(.+?)\*\*", r"\\fB\1\\fR", s)
    s = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)
    lines = []
    for line in s.split("\n"):
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def man(md):
    out = ['.TH ARENAJSON 1 "" "arenajson" "User Commands"']
    lines = md.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("<!--") or not line.strip():
            i += 1
            continue
        if line.startswith("```"):
            i += 1
            out.append(".PP\n.nf\n.RS 4")
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(roff_text(lines[i]))
                i += 1
            out.append(".RE\n.fi")
            i += 1
            continue
        m = re.match(r"\*\*([A-Z][A-Z ]+)\*\*( —)? ?(.*)", line)
        if m:
            out.append(".SH " + m.group(1))
            rest = m.group(3)
            para = [rest] if rest else []
            i += 1
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("- ", "|", "```", "<!--")):
                para.append(lines[i])
                i += 1
            if para:
                out.append(".PP\n" + roff_text(" ".join(p.strip() for p in para)))
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append(cells)
                i += 1
            for cells in rows[2:]:
                out.append(".TP\n" + roff_text(cells[0]) + "\n" + roff_text(" \\(em ".join(c for c in cells[1:] if c)))
            continue
        if line.startswith("- "):
            item = [line[2:]]
            i += 1
            while i < len(lines) and lines[i].startswith("  "):
                item.append(lines[i].strip())
                i += 1
            out.append(".IP \\(bu 2\n" + roff_text(" ".join(item)))
            continue
        para = [line]
        i += 1
        while i < len(lines) and lines[i].strip() and not lines[i].startswith(("- ", "|", "```", "**", "<!--")):
            para.append(lines[i])
            i += 1
        out.append(".PP\n" + roff_text(" ".join(p.strip() for p in para)))
    return "\n".join(out) + "\n"


def main():
    cmd = sys.argv[1]
    if cmd == "man":
        with open(sys.argv[2], encoding="utf-8") as f:
            md = f.read()
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            f.write(man(md))
        return 0
    readme_path, md_path = sys.argv[2], sys.argv[3]
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    if cmd == "check":
        if section(readme) != md:
            print(f"{readme_path}: the command reference differs from {md_path}; run "
                  f"scripts/docs.py update {readme_path} {md_path}", file=sys.stderr)
            return 1
        print("README's command reference matches docs/cli.md")
        return 0
    if cmd == "update":
        start = readme.index(BEGIN) + len(BEGIN) + 1
        readme = readme[:start] + md + readme[readme.index(END):]
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write(readme)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
