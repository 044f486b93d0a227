"""The README is a contract: every `complaints ...` command it shows names a real command with real options,
and the two set-up commands come first. (Each feature's own tests run its README examples for real.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from service.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def shell_lines() -> list[str]:
    """The lines inside the README's fenced shell blocks (sh, bash, console or unlabelled)."""
    lines, block, language = [], None, None
    for raw in README.read_text().splitlines():
        if raw.startswith("```"):
            if block is None:
                block, language = [], raw[3:].strip()
            else:
                if language in ("sh", "bash", "console", ""):
                    lines.extend(block)
                block = None
        elif block is not None:
            block.append(raw)
    return lines


def readme_commands() -> list[str]:
    """Every `complaints ...` command in the README's shell blocks, without comments or shell plumbing."""
    commands = []
    for line in shell_lines():
        line = re.sub(r"^\$\s*", "", line.split(" #", 1)[0].strip())
        for part in re.split(r"\s*(?:&&|\|)\s*", line):
            part = re.sub(r"\s[12]?>.*$", "", part).strip()
            if part.startswith("complaints "):
                commands.append(part)
    return commands


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The click command a command line reaches, and the words left for it."""
    command: click.Command = main
    rest = list(words)
    while rest and isinstance(command, click.Group):
        if rest[0] == "--db":
            rest = rest[2:]
            continue
        name = rest[0]
        if name.startswith("-"):
            break
        sub = command.get_command(click.Context(command), name)
        assert sub is not None, f"README shows `complaints ... {name}`, which is not a command"
        command, rest = sub, rest[1:]
    return command, rest


def test_readme_opens_with_the_two_commands():
    text = README.read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1)
    assert first_block.splitlines()[0].startswith("make run") and "make test" in first_block.splitlines()[1]


COMMANDS = readme_commands()


def test_readme_shows_commands():
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("line", COMMANDS)
def test_every_readme_command_exists_with_its_options(line):
    words = shlex.split(line)[1:]
    command, rest = resolve(words)
    known = {opt for param in command.params for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", [])}
    for word in rest:
        if word.startswith("--"):
            assert word.split("=", 1)[0] in known, f"`{line}`: {command.name} has no option {word}"
