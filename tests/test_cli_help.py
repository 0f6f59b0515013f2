"""Every command and sub-command says in its ``--help`` what it does, not only its usage."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from assistant.cli import build_parser, main


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
             ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from commands(child, (*path, name))


def test_every_command_is_walked() -> None:
    found = {" ".join(path) for path, _ in commands(build_parser())}
    # The walk reaches the nested actions too, so the test below covers them.
    assert {"voice", "devices", "models verify", "service install", "test-audio"} <= found


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in commands(build_parser())])
def test_help_describes_the_command(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as done:
        parser.parse_args([*path.split(), "--help"])
    assert done.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    child = dict(commands(parser))[tuple(path.split())]
    description = child.description or ""
    # A sentence of its own, more than the one-line summary in the list of commands.
    assert len(description.split()) >= 8, f"'backtalk {path} --help' has no description"
    assert " ".join(description.split()) in shown


def test_an_option_of_backtalk_after_the_command_says_where_it_goes(
        capsys: pytest.CaptureFixture[str]) -> None:
    # "backtalk chat --emergency-number 911" got argparse's bare "unrecognized arguments".
    with pytest.raises(SystemExit) as stopped:
        main(["chat", "--emergency-number", "911"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--emergency-number is an option of backtalk itself: put it before the command" \
        in err and "(backtalk --emergency-number ... chat)" in err


def test_config_offers_no_answer_files_or_prompt_folder() -> None:
    # They are no settings; 'backtalk config --input-wav-dir x' used to be taken and ignored.
    config = next(p for path, p in commands(build_parser()) if path == ("config",))
    options = {s for action in config._actions for s in action.option_strings}
    assert "--slow-speech" in options
    assert not {"--input-wav-dir", "--speak-to"} & options


@pytest.mark.parametrize(("argv", "said"), [
    (["chatt"], "Did you mean 'chat'? See 'backtalk --help'."),
    (["--wkae", "hi"], "there is no option --wkae; did you mean --wake?"),
    (["enroll", "--lsit"], "did you mean --list? See 'backtalk enroll --help'."),
    (["--data-dir", "", "chat"], "an empty folder name"),
])
def test_a_mistyped_command_line_gets_one_line_and_what_was_meant(
        capsys: pytest.CaptureFixture[str], argv: list[str], said: str) -> None:
    # A caregiver's typo got twelve lines of usage, and "--wkae hi" blamed "hi"; an empty
    # --data-dir put health records in the current folder.
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.count("\n") == 1 and err.startswith("backtalk: ") and said in err
