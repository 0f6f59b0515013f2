"""``backtalk service install|remove|status``: BackTalk started at boot by systemd, waiting
for its wake phrase, restarted when it fails, logging to the journal."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import io
import os
import sys
from pathlib import Path

from ..setup.service_unit import (
    DEFAULT_WAKE,
    UNIT_NAME,
    UnitError,
    UnitSpec,
    unit_dir,
    unit_text,
    write_unit,
)
from ..setup.systemd import (
    SystemdError,
    disable,
    enable,
    lingering,
    reload,
    status,
    systemd_missing,
)
from .common import EXIT_FAILED, EXIT_UNAVAILABLE, UserError, run_settings

REPO = Path(__file__).resolve().parents[2]


def _spec(args: argparse.Namespace) -> UnitSpec:
    wake = args.service_wake or run_settings(args)["wake"] or DEFAULT_WAKE
    user = None
    if args.system:
        # The repository's owner: the person who set BackTalk up, whose config it reads.
        user = args.run_as or os.environ.get("SUDO_USER") or _owner(REPO)
    options = list(args.options or ())
    if options[:1] == ["--"]:
        del options[0]
    own, options = _own_first(options)
    spec = UnitSpec(REPO, wake, args.system, user, tuple(options),
                    tuple(getattr(args, "given_options", ())) + tuple(own))
    _check_starts(spec)
    return spec


def _own_first(options: list[str]) -> tuple[list[str], list[str]]:
    """The options of backtalk itself among ``options`` (they go before the command),
    and the rest."""
    from .parser import add_own_options, given_options

    own = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_own_options(own)
    given, rest = own.parse_known_args(options)
    return given_options(own, given), rest


def _check_starts(spec: UnitSpec) -> None:
    """Refuse options the service would stop on at every start, while someone is here
    to read why."""
    from .parser import add_voice_options, build_parser

    parser = build_parser()
    add_voice_options(parser, top=True)
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            _, extra = parser.parse_known_args(spec.command()[3:])
    except SystemExit:
        line = said.getvalue().strip().splitlines()[-1]
        extra = [line.removeprefix("backtalk: ").split(" See '", 1)[0].rstrip(".")]
    if extra:
        raise UserError(f"the service would not start with these options ({' '.join(extra)}); "
                        "nothing was written. Options of the screening go after '--' "
                        "(backtalk service install -- --slow-speech)")


def _owner(path: Path) -> str | None:
    import pwd

    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (KeyError, OSError):
        return None


def _folder(args: argparse.Namespace) -> Path:
    return args.unit_dir if args.unit_dir else unit_dir(args.system)


def _scope(args: argparse.Namespace) -> str:
    return "" if args.system else "--user "


def cmd_service_install(args: argparse.Namespace) -> int:
    spec = _spec(args)
    try:
        text = unit_text(spec)
    except UnitError as exc:
        raise UserError(str(exc)) from exc
    if args.print:
        print(text, end="")
        return 0
    if args.system and os.geteuid() != 0 and not args.unit_dir:
        raise UserError("a system unit goes in /etc/systemd/system, which needs root: run "
                        "'sudo .venv/bin/backtalk service install --system', or leave out "
                        "--system for a user unit")
    if not spec.python.exists():
        print(f"backtalk: warning: {spec.python} is missing, so the service cannot start: "
              "run 'python3 -m assistant.bootstrap start' once in "
              f"{spec.repo}, which makes it", file=sys.stderr)
    try:
        path = write_unit(_folder(args), text)
    except OSError as exc:
        raise UserError(f"cannot write the unit in {_folder(args)}: {exc.strerror}") from exc
    print(f"Wrote {path} ({'system' if args.system else 'user'} unit; it waits for "
          f'"{spec.wake}").')
    missing = systemd_missing()
    if missing:
        print(f"backtalk: {missing}, so the service is not enabled. The unit is:\n\n{text}\n"
              f"On a machine with systemd: systemctl {_scope(args)}daemon-reload && "
              f"systemctl {_scope(args)}enable --now {UNIT_NAME}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        enable(args.system)
    except SystemdError as exc:
        print(f"backtalk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Enabled and started. See it with 'backtalk service status' and its log with "
          f"'journalctl {_scope(args)}-u {UNIT_NAME} -f'.")
    if not args.system and not lingering(getpass.getuser()):
        print(f"To start it at boot before anyone logs in, run once: sudo loginctl "
              f"enable-linger {getpass.getuser()}")
    return 0


def cmd_service_remove(args: argparse.Namespace) -> int:
    path = _folder(args) / UNIT_NAME
    missing = systemd_missing()
    if not missing and path.exists():
        try:
            disable(args.system)
        except SystemdError as exc:
            print(f"backtalk: warning: {exc}", file=sys.stderr)
    if not path.exists() and not path.is_symlink():
        print(f"No unit at {path}: nothing to remove.")
        return 0
    try:
        path.unlink()
    except OSError as exc:
        raise UserError(f"cannot remove {path}: {exc.strerror}") from exc
    print(f"Removed {path}.")
    if missing:
        print(f"backtalk: {missing}; nothing was running.", file=sys.stderr)
        return 0
    try:
        reload(args.system)
    except SystemdError as exc:
        print(f"backtalk: warning: {exc}", file=sys.stderr)
    return 0


def cmd_service_status(args: argparse.Namespace) -> int:
    path = _folder(args) / UNIT_NAME
    print(f"Unit file: {path} ({'present' if path.is_file() else 'not installed'})")
    missing = systemd_missing()
    if missing:
        print(f"backtalk: {missing}, so whether the service runs cannot be known.",
              file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        print(status(args.system))
    except SystemdError as exc:
        print(f"backtalk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return 0


def add_service_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    service = sub.add_parser(
        "service", help="start BackTalk at boot with systemd (install, remove, status)",
        description="BackTalk as a systemd service: started at boot, waiting for its wake "
        "phrase, restarted if it fails, logging to the journal (journalctl --user -u "
        "backtalk; for a system unit, journalctl -u backtalk). Options given to backtalk "
        "itself (backtalk --emergency-number 911 service install) reach the service. "
        "A user unit by default (it reaches the desktop's sound server); --system for a "
        "system unit, as root. Exit code 4 when this machine has no running systemd (the "
        "unit is still written).")
    actions = service.add_subparsers(dest="service_command", metavar="ACTION", required=True)
    for name, func, text, more in (
            ("install", cmd_service_install, "write the unit, enable and start it",
             "Write backtalk.service (readable by its owner only), then enable and start it "
             "so that it starts at every boot. --print only shows it."),
            ("remove", cmd_service_remove, "stop and disable the service, remove the unit",
             "Stop the service, keep it from starting at boot and remove its unit file."),
            ("status", cmd_service_status, "whether the service runs, and its last log",
             "Where the unit file is, whether the service runs, and its last lines in the "
             "journal. Exit code 4 without a running systemd.")):
        action = actions.add_parser(name, help=text, description=more)
        action.add_argument("--system", action="store_true",
                            help="a system unit in /etc/systemd/system (needs root) instead "
                                 "of a user unit in ~/.config/systemd/user")
        action.add_argument("--unit-dir", type=Path, metavar="DIR",
                            help="where the unit file goes (default: systemd's folder)")
        action.set_defaults(func=func)
        if name == "install":
            action.add_argument("--print", action="store_true",
                                help="only print the unit, change nothing")
            action.add_argument("--wake", dest="service_wake", metavar="PHRASE",
                                help="the wake phrase (default: the config file's, else "
                                     f"'{DEFAULT_WAKE}')")
            action.add_argument("--run-as", metavar="NAME",
                                help="with --system: the account it runs as (default: the "
                                     "one that ran sudo, else the repository's owner)")
            action.add_argument("options", nargs=argparse.REMAINDER, metavar="-- OPTIONS",
                                help="more backtalk options for the service, after '--' "
                                     "(e.g. -- --slow-speech)")
