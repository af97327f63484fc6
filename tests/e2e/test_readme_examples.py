"""The README's examples print what the README shows, on a fresh demo store.

The convention (README, "Examples that are checked"): a ```sh block right after the line
`<!-- example: fresh -->` starts a session on a fresh demo store; one after `<!-- example -->`
goes on in the session before it. In a block, a line `#  …` (hash, two spaces) is output of
the command above it; `# …` (one space) is a comment; a command goes on while it ends with
a backslash or leaves a quote open. In shown output `…` stands for any text, and times
(RFC 3339) are masked on both sides; a non-zero exit status is shown as `(exit N)`.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.test_processes import BIN, background, free_port, run

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example(: fresh)? -->$")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
PUNCTUATION = set("{}[],:")
README_PORT = "127.0.0.1:8000"


@dataclass
class Example:
    line: int
    command: str
    shown: list[str] = field(default_factory=list)


@dataclass
class Session:
    heading: str
    examples: list[Example] = field(default_factory=list)


def sessions(text: str) -> list[Session]:
    found: list[Session] = []
    heading = ""
    lines = text.splitlines()
    at = 0
    fenced = False
    while at < len(lines):
        line = lines[at]
        fenced ^= line.startswith("```")
        if line.startswith("## ") and not fenced:
            heading = line.lstrip("# ")
        marker = MARKER.match(line)
        if marker is None:
            at += 1
            continue
        assert lines[at + 1] == "```sh", f"README line {at + 2}: an example marker wants ```sh"
        if marker.group(1) or not found:
            found.append(Session(heading))
        at += 2
        command: list[str] = []
        while lines[at] != "```":
            line = lines[at]
            at += 1
            if command:
                command.append(line)
            elif line.startswith("#  ") or line == "#":
                assert found[-1].examples, f"README line {at}: output before any command"
                found[-1].examples[-1].shown.append(line[3:])
                continue
            elif line.startswith("#") or not line.strip():
                continue
            else:
                command = [line]
            joined = "\n".join(command)
            code = joined.split("  # ")[0]  # a comment after the command may hold a quote
            if not joined.endswith("\\") and code.count("'") % 2 == 0:
                found[-1].examples.append(Example(at - len(command) + 1, joined))
                command = []
        at += 1
    return found


def normalised(text: str) -> str:
    """Whitespace beside JSON punctuation dropped, other runs one space; strings verbatim."""
    out: list[str] = []
    gap = False
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace():
            gap = True
            at += 1
            continue
        if gap and out and out[-1][-1] not in PUNCTUATION and char not in PUNCTUATION:
            out.append(" ")
        gap = False
        if char == '"':
            end = at + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            # A string wrapped across lines reads as one with a space (JSON has no raw newline).
            out.append(re.sub(r"\s*\n\s*", " ", text[at : end + 1]))
            at = end + 1
        else:
            out.append(char)
            at += 1
    return TIME.sub("<time>", "".join(out))


def matches(shown: str, printed: str) -> bool:
    pattern = ".*?".join(re.escape(part) for part in normalised(shown).split("…"))
    return re.fullmatch(pattern, normalised(printed), re.DOTALL) is not None


def readable(printed: str) -> list[str]:
    """Printed lines, each JSON one spaced as the README spaces it (and unescaped)."""
    lines = []
    for line in printed.splitlines():
        try:
            lines.append(json.dumps(json.loads(line), ensure_ascii=False))
        except ValueError:
            lines.append(line)
    return lines


SETTLE = """__settle() {  # until every projection has applied what the store holds
  for _ in $(seq 100); do
    curl -s "http://127.0.0.1:%d/api/v1/health" \\
      | jq -e '.store_position as $p | [.projections[]] | all(. >= $p)' >/dev/null && return
    sleep 0.05
  done
}
"""


def script(session: Session, port: int) -> str:
    """The session's commands, each after the projections have caught up (as they have
    by the time a person types the next command), each output after a marker."""
    parts = [SETTLE % port]
    for number, example in enumerate(session.examples):
        command = example.command.replace(README_PORT, f"127.0.0.1:{port}")
        parts.append(
            f"__settle; printf '\\n@@{number}@@\\n'\n{{\n{command}\n}} 2>&1\n"
            f'status=$?; [ $status -eq 0 ] || echo "(exit $status)"\n'
        )
    return "".join(parts)


def failures(session: Session, printed: str) -> list[str]:
    """Each example whose output differs from what the README shows, with a diff."""
    parts = re.split(r"\n@@(\d+)@@\n", "\n" + printed)[1:]
    outputs = {int(n): text.strip("\n") for n, text in zip(parts[::2], parts[1::2], strict=True)}
    found = []
    for number, example in enumerate(session.examples):
        output = outputs.get(number, "(not run)")
        if not matches("\n".join(example.shown), output):
            diff = difflib.unified_diff(
                example.shown, readable(output), "README", "printed", lineterm=""
            )
            found.append(f"README line {example.line}: {example.command}\n" + "\n".join(diff))
    return found


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def test_the_readme_has_checked_examples_in_each_walk_through() -> None:
    headings = {s.heading for s in SESSIONS}
    assert {h.split(",")[0].split(":")[0] for h in headings} >= {
        "The time model",
        "Who sat where",
        "Follow-up",
        "Bulk import",
    }
    assert sum(len(s.examples) for s in SESSIONS) >= 60


def test_the_csv_the_readme_shows_is_the_one_shipped() -> None:
    text = README.read_text(encoding="utf-8")
    shown = text.split("[`examples/organs.csv`](examples/organs.csv):\n\n```csv\n")[1]
    assert shown.split("```")[0] == (ROOT / "examples" / "organs.csv").read_text(encoding="utf-8")


def test_a_changed_output_fails_with_a_diff() -> None:
    readme = "\n".join(
        [
            "## Here",
            "<!-- example: fresh -->",
            "```sh",
            'curl -s "$B/x" \\',
            "  | jq -c '{name, as_of}'   # VVG's name, a quote in a comment",
            '#  {"name": "Vårdsamverkan", "as_of": {"known_at": "2026-11-30T03:25:41.51+00:00",',
            '#   "position": …}}',
            "echo quiet",
            "```",
        ]
    )
    (session,) = sessions(readme)
    assert [e.line for e in session.examples] == [4, 8]
    same = '{"name":"Vårdsamverkan","as_of":{"known_at":"2026-12-02T14:30:37Z","position":282}}'
    assert failures(session, f"\n@@0@@\n{same}\n@@1@@\n") == []
    changed = same.replace("Vårdsamverkan", "VVG")
    renamed, loud = failures(session, f"\n@@0@@\n{changed}\n@@1@@\nloud\n")
    assert renamed.startswith('README line 4: curl -s "$B/x"')
    assert (
        '\n-{"name": "Vårdsamverkan", "as_of": {"known_at": "2026-11-30T03:25:41.51+00:00",'
        in renamed
    )
    assert '\n+{"name": "VVG", "as_of": {"known_at": "2026-12-02T14:30:37Z"' in renamed
    assert loud.startswith("README line 8: echo quiet")
    assert "\n+loud" in loud


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store loaded with the demo; each session runs on a copy of it."""
    folder = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/styrlogg.sqlite"}
    for command in ("init-db", "demo"):
        done = run([str(BIN / "styrlogg"), command], env)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize(
    "session", SESSIONS, ids=[f"{s.heading} (line {s.examples[0].line})" for s in SESSIONS]
)
def test_readme_examples_print_what_the_readme_shows(
    session: Session, demo_store: Path, tmp_path: Path
) -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    assert not missing, f"the README's examples need {', '.join(missing)}"
    store = tmp_path / "store"
    shutil.copytree(demo_store, store)
    work = tmp_path / "work"  # where the examples run, as from a clone's root
    work.mkdir()
    for name in ("examples", "tests"):
        (work / name).symlink_to(ROOT / name)
    (work / ".venv").symlink_to(BIN.parent)
    (tmp_path / ".curlrc").write_text("silent\nshow-error\n")  # as curl prints to a terminal
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{store}/styrlogg.sqlite",
        "CURL_HOME": str(tmp_path),
    }
    port = free_port()
    serve = [str(BIN / "styrlogg"), "serve", "--port", str(port)]
    with background(serve, env, f"http://127.0.0.1:{port}/api/v1/health"):
        done = subprocess.run(
            ["bash", "-c", script(session, port)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    found = failures(session, done.stdout)
    assert not found, "\n\n".join(found) + f"\n\nstderr:\n{done.stderr}"
