"""The ``backtalk`` command. Errors raised by the library become messages and exit codes here.

Exit codes: 0 done; 1 a check or a script failed; 2 bad input (broken dialogue files, a
bad findings file, an unwritable data folder, a missing tool).
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .asr.base import Heard
from .dialog.conversation import Conversation
from .dialog.loader import load_dialog
from .dialog.model import Dialog
from .dialog.reader import DialogInvalid, default_dialogs_dir
from .records.record import RecordError, SessionRecord, default_data_dir
from .setup.person import known_findings

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Something the user can fix; printed without a traceback, exit code 2."""


def _settings(args: argparse.Namespace) -> Any:
    """The settings for this run: command line, saved voice choices, environment, the
    config file, the preset, the defaults (see ``backtalk config``)."""
    from .setup.config import ConfigError, resolve

    if getattr(args, "_settings", None) is None:
        try:
            args._settings = resolve(vars(args))
        except ConfigError as exc:
            raise UserError(str(exc)) from exc
        for warning in args._settings.warnings:
            print(f"backtalk: warning: {warning}", file=sys.stderr)
    return args._settings


def _data_dir(args: argparse.Namespace) -> Path:
    configured = _settings(args)["data_dir"]
    return Path(configured) if configured else default_data_dir()


def _new_record(args: argparse.Namespace) -> SessionRecord:
    try:
        return SessionRecord.create(_data_dir(args))
    except RecordError as exc:
        raise UserError(str(exc)) from exc


def _load(directory: Path | None, seeds: Path | None = None) -> Dialog:
    try:
        return load_dialog(directory or default_dialogs_dir(), seeds if seeds else True)
    except DialogInvalid as exc:
        raise UserError(f"{exc}\nRun 'backtalk check' for details.") from exc


# -- text chat -------------------------------------------------------------------------------
class TextChannel:
    """The terminal: prints what the assistant says, reads typed answers."""

    def say(self, sentences: list[str]) -> None:
        if sentences:
            print("backtalk> " + " ".join(sentences), flush=True)

    def __init__(self) -> None:
        # Typed input may hold bytes that are not UTF-8 (a paste, a broken terminal): each
        # becomes U+FFFD, which the matcher ignores, instead of ending the chat with an error.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")

    def listen(self, grammar: list[str]) -> Heard | None:
        try:
            return Heard(input("you> "))
        except EOFError:
            print()
            return None


def cmd_chat(args: argparse.Namespace) -> int:
    from .session import run

    dialog = _load(args.dialogs)
    settings = _settings(args)
    record = _new_record(args)
    try:
        summary = run(Conversation(dialog, settings["emergency_number"],
                                   known=known_findings(settings.person)), TextChannel(),
                      record, {"mode": "text"})
    finally:
        record.close()
    _print_end(summary, record, dialog)
    return 0


# -- voice -------------------------------------------------------------------------------------
def cmd_voice(args: argparse.Namespace) -> int:
    """The screening by voice: microphone (or answer files) in, speech (or WAV files) out.

    With a wake phrase it waits for the phrase before each screening and returns to
    waiting after the outcome, until input ends (or Ctrl-C).
    """
    from .asr.base import RecognizerError
    from .voice.audio import AudioError
    from .voice.tts import SpeechError

    dialog = _load(args.dialogs)
    settings = _settings(args)
    voice = _voice_parts(args, settings)
    wake = _wake_phrase(settings["wake"], voice.channel.recognizer)
    try:
        while True:
            if wake is not None and not _wait_for_wake(voice.channel, wake):
                break
            record = _new_record(args)
            conversation = Conversation(dialog, settings["emergency_number"],
                                        settings["confirm_below"], voice.pace,
                                        known_findings(settings.person))
            try:
                summary = run_voice(conversation, voice, record, args)
            except (AudioError, SpeechError, RecognizerError) as exc:
                raise UserError(f"{exc}\nThe conversation so far is saved in {record.path}"
                                ) from exc
            finally:
                record.close()
            _print_end(summary, record, dialog)
            if wake is None:
                break
    except KeyboardInterrupt:
        print()
    return 0


def run_voice(conversation: Conversation, voice: Any, record: SessionRecord,
              args: argparse.Namespace) -> dict[str, Any]:
    from .session import run

    return run(conversation, voice.channel, record,
               {"mode": "voice", "asr": voice.channel.recognizer.name,
                "input": str(args.input_wav_dir or voice.device or "default"),
                "rate": voice.pace.rate, "volume": voice.pace.volume,
                "end_silence": voice.channel.endpoint.end_silence,
                "no_answer_timeout": voice.channel.endpoint.no_answer_timeout})


def _voice_parts(args: argparse.Namespace, settings: Any) -> Any:
    """Speaker, recognizer, answer input and pace, from the settings; problems are
    reported before anything is spoken."""
    from types import SimpleNamespace

    from .asr.base import RecognizerError
    from .asr.select import make_recognizer
    from .setup.config import ConfigError, config_dir, save_voice_preferences
    from .setup.pace import Pace
    from .voice.audio import AudioError, MicrophoneSource
    from .voice.channel import AnswerInput, MicrophoneAnswers, VoiceChannel, WavDirAnswers
    from .voice.endpoint import EndpointSettings
    from .voice.tts import Speaker, SpeechError, TtsSettings

    try:
        endpoint = EndpointSettings(end_silence=settings["end_silence"],
                                    max_answer=settings["max_answer"],
                                    no_answer_timeout=settings["no_answer_timeout"])
        speaker = Speaker(TtsSettings(rate=settings["rate"], volume=settings["volume"],
                                      voice=settings["voice"]), device=settings["speaker"])
    except (ValueError, SpeechError) as exc:
        raise UserError(str(exc)) from exc
    answers: AnswerInput
    try:
        if args.input_wav_dir:
            answers = WavDirAnswers(args.input_wav_dir, endpoint)
        else:
            answers = MicrophoneAnswers(MicrophoneSource(settings["device"]))
    except (AudioError, FileNotFoundError) as exc:
        hint = "" if args.input_wav_dir else (
            "\nFor a typed conversation use 'backtalk chat'; to run from recorded answers "
            "use --input-wav-dir DIR.")
        raise UserError(f"{exc}{hint}") from exc
    # Checked after the microphone: loading a speech model takes a few seconds.
    try:
        recognizer, notice = make_recognizer(settings["asr"], settings["vosk_model"])
    except RecognizerError as exc:
        raise UserError(str(exc)) from exc
    if notice:
        print(notice, file=sys.stderr)
    if args.speak_to:
        args.speak_to.mkdir(parents=True, exist_ok=True)
    pace = Pace(settings["rate"], settings["volume"])

    def keep(changed: Pace) -> None:
        # Saved at once, so the choice survives even a conversation that is killed.
        try:
            save_voice_preferences(config_dir(), rate=changed.rate, volume=changed.volume)
        except ConfigError as exc:
            print(f"backtalk: warning: the new pace is not kept: {exc}", file=sys.stderr)

    channel = VoiceChannel(speaker, recognizer, answers, endpoint, args.speak_to,
                           show=lambda who, text: print(f"{who}> {text}", flush=True),
                           pace=pace, on_pace_change=keep)
    return SimpleNamespace(channel=channel, pace=pace, device=settings["device"])


def _wake_phrase(phrase: str | None, recognizer: Any) -> Any:
    if not phrase:
        return None
    from .voice.wake import WakeError, WakePhrase

    try:
        return WakePhrase(phrase, recognizer)
    except WakeError as exc:
        raise UserError(str(exc)) from exc


def _wait_for_wake(channel: Any, wake: Any) -> bool:
    """Listen until the wake phrase is heard (True) or input ends (False)."""
    print(f'Waiting for "{wake.phrase}" (Ctrl-C to quit)...', flush=True)
    while True:
        heard = channel.listen(wake.grammar())
        if heard is None:
            return False
        if heard.text and wake.matches(heard.text, heard.confidence):
            return True


def _print_end(summary: dict[str, Any], record: SessionRecord, dialog: Dialog) -> None:
    from .records.caregiver import write_summary

    if summary["stopped"]:
        print(f"Stopped before the end (level so far: {summary['level_so_far']}).")
    else:
        print(f"Outcome: {summary['outcome']}.")
    print(f"Session record: {record.path}")
    try:
        print(f"Summary for a caregiver or doctor: {write_summary(record.path, dialog)}")
    except OSError as exc:
        print(f"backtalk: warning: the summary could not be written ({exc.strerror}); "
              f"the record has everything: {record.path}", file=sys.stderr)


def cmd_summary(args: argparse.Namespace) -> int:
    """Write (again) the readable summary of a session record, e.g. one cut short."""
    from .records.caregiver import write_summary

    dialog = _load(args.dialogs)
    if not args.record.is_file():
        raise UserError(f"{args.record}: no such session record; records are in "
                        f"{_data_dir(args) / 'sessions'}")
    try:
        path = write_summary(args.record, dialog)
    except (OSError, ValueError) as exc:
        raise UserError(f"{args.record}: cannot make a summary: {exc}") from exc
    print(path.read_text(encoding="utf-8"), end="")
    print(f"\n(written to {path})")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .setup.config import ConfigError, config_dir, describe, write_template

    if args.init:
        try:
            path = write_template(config_dir())
        except ConfigError as exc:
            raise UserError(str(exc)) from exc
        print(f"wrote {path}: every setting is there, commented out with its default; "
              "remove the '#' in front of a setting to change it.")
        return 0
    print(describe(_settings(args)))
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from .voice.audio import AudioError, list_devices

    try:
        devices = list_devices()
    except AudioError as exc:
        raise UserError(str(exc)) from exc
    if not devices:
        print("No audio devices found. Is the USB microphone plugged in? See 'arecord -l'.")
        return 0
    print(f"{'#':>3}  {'in':>3} {'out':>3}  {'rate':>6}  name")
    for d in devices:
        mark = (" (default input)" if d.is_default_input else "") + \
            (" (default output)" if d.is_default_output else "")
        print(f"{d.index:>3}  {d.max_input_channels:>3} {d.max_output_channels:>3}  "
              f"{d.default_samplerate:>6.0f}  {d.name}{mark}")
    print("Choose the microphone with --device NUMBER or --device 'part of its name'.")
    return 0


# -- models --------------------------------------------------------------------------------------
class _ProgressBar:
    """A download bar on the terminal; a line per tenth when output is not a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int | None) -> None:
        mb = done / 1e6
        if total:
            part = done / total
            if self.tty:
                bar = "#" * int(part * 30)
                print(f"\r{self.label} [{bar:<30}] {part:4.0%} {mb:6.1f} MB", end="",
                      file=sys.stderr, flush=True)
            elif int(part * 10) > self.shown:
                self.shown = int(part * 10)
                print(f"{self.label}: {part:.0%} ({mb:.1f} MB)", file=sys.stderr, flush=True)
        elif self.tty:
            print(f"\r{self.label} {mb:6.1f} MB", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def cmd_models_download(args: argparse.Namespace) -> int:
    from .setup.models import DEFAULT_MODEL, ModelError, default_models_dir, download_model

    name = args.name or DEFAULT_MODEL
    target = args.dir or default_models_dir()
    bar = _ProgressBar(f"downloading {name}")
    try:
        path = download_model(name, target, sha256=args.sha256, progress=bar, force=args.force)
    except ModelError as exc:
        raise UserError(str(exc)) from exc
    finally:
        bar.close()
    print(f"{name} is ready in {path} (checksum verified). 'backtalk' will now use vosk.")
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    from .setup.models import CATALOGUE, list_models

    installed = list_models()
    if not installed:
        print("No vosk model installed: BackTalk uses pocketsphinx. "
              "'backtalk models download' fetches the small English model (about 40 MB).")
    for model in installed:
        state = "verified" if model.verified else "not verified"
        problems = f"; problems: {'; '.join(model.problems)}" if model.problems else ""
        print(f"{model.name}  {model.size / 1e6:.0f} MB  {state}  {model.path}{problems}")
    if args.available:
        print("\nAvailable to download:")
        for info in CATALOGUE.values():
            size = f"{info.size / 1e6:.0f} MB" if info.size else "size unknown"
            print(f"  {info.name}  ({info.language}, {size}) {info.notes}")
    return 0


def cmd_models_verify(args: argparse.Namespace) -> int:
    from .setup.models import list_models, verify_model

    paths = [args.path] if args.path else [m.path for m in list_models()]
    if not paths:
        print("No vosk model installed; nothing to verify.")
        return 0
    bad = 0
    for path in paths:
        problems = verify_model(path)
        bad += bool(problems)
        print(f"{'OK  ' if not problems else 'BAD '} {path}")
        for problem in problems:
            print(f"     {problem}")
    return EXIT_FAILED if bad else 0


# -- simulate --------------------------------------------------------------------------------
def cmd_simulate(args: argparse.Namespace) -> int:
    from .dialog.simulate import SimulateError, load_findings, simulate

    dialog = _load(args.dialogs)
    try:
        findings = load_findings(args.findings, dialog)
    except SimulateError as exc:
        raise UserError(str(exc)) from exc
    result = simulate(dialog, findings, _settings(args)["emergency_number"])
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for turn in result["transcript"]:
        if "user" in turn:
            print(f"  patient: {turn['user']}")
        print(f"backtalk: {turn['assistant']}")
    print(f"\nOutcome: {result['outcome']} after {result['questions_asked']} questions")
    if result["specialists"]:
        print("Who to see: " + ", ".join(result["specialists"]))
    print("Sources: " + "; ".join(f"{s['article']} ({s['heading']})" for s in result["sources"]))
    return 0


# -- scripts ---------------------------------------------------------------------------------
def cmd_script(args: argparse.Namespace) -> int:
    from .dialog.scripts import find_scripts, run_script

    dialog = _load(args.dialogs)
    paths = find_scripts(args.paths)
    if not paths:
        raise UserError("no script files found in " + ", ".join(map(str, args.paths)))
    failed = 0
    for path in paths:
        result = run_script(path, dialog)
        if result.passed:
            print(f"PASS  {path}  ({result.turns} turns) {result.name}")
            continue
        failed += 1
        print(f"FAIL  {path}  {result.name}")
        if result.error:
            print(f"      {result.error}")
        for failure in result.failures:
            said = "(opening)" if failure.user is None else repr(failure.user)
            print(f"      turn {failure.turn}, user said {said}:")
            width = max(len(e) for e in failure.expected)
            for want, got in zip(failure.expected, failure.actual, strict=True):
                print(f"        expected {want:<{width}}   actual {got}")
    print(f"{len(paths) - failed} passed, {failed} failed")
    return EXIT_FAILED if failed else 0


# -- check -----------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from .dialog.paths import check_paths

    directory = args.dir or default_dialogs_dir()
    try:
        dialog = load_dialog(directory, args.seeds if args.seeds else True)
    except DialogInvalid as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}")
        return EXIT_FAILED
    print(f"{directory}: {len(dialog.questions)} questions, {len(dialog.rules)} rules, "
          f"{len(dialog.findings)} findings, {len(dialog.advice)} pieces of advice: valid")
    report = check_paths(dialog)
    fig = report.figures()
    print(f"states: {fig['states']}  paths: {fig['paths']}")
    print(f"questions on a path: fewest {fig['questions_fewest']}, median "
          f"{fig['questions_median']:g}, most {fig['questions_most']}")
    print("paths ending in: " + ", ".join(f"{k} {v}" for k, v in fig["outcomes"].items()))
    from .dialog.simulate import PEOPLE, no_alarm_lengths

    for who, known in PEOPLE.items():
        plain = no_alarm_lengths(dialog, known)
        counts = set(plain.values())
        shown = (f"{counts.pop()} for every place and side" if len(counts) == 1 else
                 ", ".join(f"{k} {v}" for k, v in plain.items()))
        print(f"questions with no alarm sign, {who} in the config file: {shown}")
    for state in report.unreachable:
        print(f"unreachable state: {state}")
    for violation in report.violations:
        print(f"violation: {violation}")
    for gap in report.gaps:
        print(f"alarm sign left unasked: {gap}")
    if not report.ok:
        return EXIT_FAILED
    print("every path ends in an outcome; a yes to an emergency sign ends the questions at "
          "once; no path with an unknown alarm sign ends in self_care; no unreachable state; "
          "every alarm sign that could raise the outcome is asked before it is given")
    return 0


# -- bench -----------------------------------------------------------------------------------
def cmd_bench(args: argparse.Namespace) -> int:
    from .bench.report import markdown
    from .bench.run import BenchError, BenchOptions, run_bench

    options = BenchOptions(
        dialogs=args.dialogs or default_dialogs_dir(), speech_dir=args.speech_dir,
        work_dir=args.out / "work", engines=tuple(args.engines),
        pin_core=None if args.no_pin else args.core, vosk_model=args.vosk_model,
        quick=args.quick)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        result = run_bench(options, progress=lambda text: print(f"bench: {text}",
                                                                file=sys.stderr, flush=True))
    except (BenchError, OSError) as exc:
        raise UserError(str(exc)) from exc
    result["command"] = args.command_line
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = markdown(result)
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"Written: {args.out / 'bench.md'} and {args.out / 'bench.json'}")
    return 0


def default_speech_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "speech"


# -- diagram ---------------------------------------------------------------------------------
def cmd_diagram(args: argparse.Namespace) -> int:
    from .dialog.diagram import DiagramError, render

    dialog = _load(args.dialogs)
    try:
        path = render(dialog, args.output)
    except DiagramError as exc:
        raise UserError(str(exc)) from exc
    print(f"wrote {path}")
    return 0


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtalk",
        description="BackTalk screens back pain by asking the questions from its medical "
                    "articles and says how urgent it is and what to do next. It is not a "
                    "doctor. Without a command it starts a screening by voice.",
    )
    parser.add_argument("--version", action="version", version=f"backtalk {__version__}")
    parser.add_argument("--dialogs", type=Path, metavar="DIR",
                        help="folder of dialogue files (default: the bundled dialogs/)")
    parser.add_argument("--emergency-number", metavar="NUMBER",
                        help="number spoken in the emergency advice (default 112; 911 in "
                             "the US)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="where session records go (default: $BACKTALK_DATA_DIR or the "
                             "user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="the screening as a typed conversation")
    chat.set_defaults(func=cmd_chat)

    voice = sub.add_parser("voice", help="the screening by voice (the default)",
                           description="The screening by voice: BackTalk speaks each "
                           "question and listens for the answer. Say repeat, slower, "
                           "faster, louder, quieter, go back, help or stop at any time; say "
                           "'help me' for the emergency advice. Settings not given here "
                           "come from the config file (see 'backtalk config').")
    add_voice_options(voice)
    voice.set_defaults(func=cmd_voice)

    config = sub.add_parser(
        "config", help="show every setting, its value and where it comes from",
        description="Settings come from, strongest first: the command line, the pace "
        "chosen by saying slower/faster/louder/quieter (kept in voice.json), the "
        "environment, the config file (config.toml in the folder $BACKTALK_CONFIG_DIR or "
        "the user config folder, e.g. ~/.config/backtalk), the slow-speech preset, the "
        "defaults.")
    config.add_argument("--init", action="store_true",
                        help="write a config.toml with every setting commented out")
    add_voice_options(config)  # so that 'backtalk config --slow-speech' shows its effect
    config.set_defaults(func=cmd_config)

    summary = sub.add_parser("summary", help="write the readable summary of a session "
                             "record (e.g. one cut short) and print it")
    summary.add_argument("record", type=Path, metavar="RECORD.jsonl")
    summary.set_defaults(func=cmd_summary)

    devices = sub.add_parser("devices", help="list microphones and speakers")
    devices.set_defaults(func=cmd_devices)

    models = sub.add_parser("models", help="download, list and verify vosk speech models")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    download = models_sub.add_parser("download", help="fetch a vosk model (default: small "
                                     "US English), verify its checksum, unpack it")
    download.add_argument("name", nargs="?", default=None, metavar="NAME",
                          help="model name from 'backtalk models list --available', or a URL")
    download.add_argument("--sha256", metavar="HEX", help="expected SHA-256 of the zip")
    download.add_argument("--dir", type=Path, metavar="DIR", help="where models go")
    download.add_argument("--force", action="store_true", help="download again")
    download.set_defaults(func=cmd_models_download)
    listing = models_sub.add_parser("list", help="installed models (and --available ones)")
    listing.add_argument("--available", action="store_true",
                         help="also list the models BackTalk knows how to download")
    listing.set_defaults(func=cmd_models_list)
    verify = models_sub.add_parser("verify", help="check installed models are complete")
    verify.add_argument("path", nargs="?", type=Path, metavar="PATH")
    verify.set_defaults(func=cmd_models_verify)

    sim = sub.add_parser("simulate", help="run the screening for a virtual patient")
    sim.add_argument("--findings", type=Path, required=True, metavar="FILE",
                     help="YAML mapping finding keys to values, e.g. 'chest_pain: yes'")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.set_defaults(func=cmd_simulate)

    script = sub.add_parser("script", help="run scripted conversations and report each")
    script.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                        help="script files, or folders of them")
    script.set_defaults(func=cmd_script)

    check = sub.add_parser("check", help="validate the dialogue files and every path")
    check.add_argument("dir", type=Path, nargs="?", metavar="DIR",
                       help="folder of dialogue files (default: the bundled dialogs/)")
    check.add_argument("--seeds", type=Path, metavar="DIR",
                       help="folder of the source articles used to check every source")
    check.set_defaults(func=cmd_check)

    bench = sub.add_parser(
        "bench", help="measure recognition, false accepts, reply latency, start-up and "
        "memory; write a Markdown table and JSON",
        description="Benchmarks on this machine: recognition of the real recordings "
        "through the questions' own grammars, false accepts on a yes/no question, reply "
        "latency over spoken scripted conversations, start-up time and peak memory; each "
        "also pinned to one core (taskset) as a stand-in for a Raspberry Pi. Figures are "
        "reported, never judged: the command fails only if a measurement cannot run.")
    bench.add_argument("--speech-dir", type=Path, default=default_speech_dir(), metavar="DIR",
                       help="recordings: DIR/commands/<word>/*.wav and DIR/digits/*.wav "
                            "(default: the shared recordings)")
    bench.add_argument("--out", type=Path, default=Path("bench-results"), metavar="DIR",
                       help="where bench.md and bench.json go (default bench-results/)")
    bench.add_argument("--engines", nargs="+", default=["pocketsphinx", "vosk"],
                       choices=["pocketsphinx", "vosk"], metavar="ENGINE",
                       help="recognizers to measure (vosk needs an English model; without "
                            "one it is reported as not measured)")
    bench.add_argument("--vosk-model", type=Path, metavar="DIR", help="vosk model folder")
    bench.add_argument("--core", type=int, default=0, help="core for the one-core figures")
    bench.add_argument("--no-pin", action="store_true", help="skip the one-core figures")
    bench.add_argument("--quick", action="store_true",
                       help="a few clips and two conversations: checks that it runs")
    bench.set_defaults(func=cmd_bench)

    diagram = sub.add_parser("diagram", help="draw the flow (.svg, .png, or .md Mermaid)")
    diagram.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    diagram.set_defaults(func=cmd_diagram)
    return parser


def add_voice_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Options of the voice conversation. Their defaults live in config.py: an option not
    given here falls back to the config file, then to the default. ``top``: the main
    parser's copy (None when not given); a command's copy leaves the main one alone, so
    'backtalk --rate 120 voice' keeps the 120."""
    from .asr.select import ENGINES

    group = parser.add_argument_group(
        "voice", argument_default=None if top else argparse.SUPPRESS)
    group.add_argument("--asr", choices=ENGINES,
                       help="recognizer: vosk (needs a model), pocketsphinx (built in), or "
                            "auto (vosk when a model is found; default)")
    group.add_argument("--vosk-model", type=Path, metavar="DIR", help="vosk model folder")
    group.add_argument("--device", metavar="MIC",
                       help="microphone: number or part of its name (see 'backtalk devices')")
    group.add_argument("--speaker", metavar="ALSA_DEVICE",
                       help="speaker: an ALSA device such as plughw:1,0 (see 'aplay -L'; "
                            "default: the system's)")
    group.add_argument("--input-wav-dir", type=Path, metavar="DIR",
                       help="take the answers from DIR/*.wav, one per turn, instead of the "
                            "microphone")
    group.add_argument("--speak-to", type=Path, metavar="DIR",
                       help="write each prompt to DIR/NNN.wav instead of the speaker")
    group.add_argument("--wake", metavar="PHRASE",
                       help="wait for this phrase before each screening, and again after "
                            "it (e.g. 'hello back talk'); without it the screening starts "
                            "at once")
    group.add_argument("--slow-speech", dest="preset", action="store_const",
                       const="slow-speech",
                       help="for slow or effortful speech: 2.5 s of silence ends an answer, "
                            "20 s to start answering, answers up to 30 s, a slower voice")
    group.add_argument("--preset", choices=("standard", "slow-speech"),
                       help="a set of the timings below (default standard)")
    group.add_argument("--rate", type=int, metavar="WPM",
                       help="speaking rate in words per minute (default 140)")
    group.add_argument("--volume", type=float,
                       help="0 to 2: 1 is normal (default), 2 the loudest")
    group.add_argument("--voice", metavar="NAME", help="part of a voice name, e.g. en-us")
    group.add_argument("--end-silence", type=float, metavar="SECONDS",
                       help="silence that ends an answer (default 1; slow speakers: 2-3)")
    group.add_argument("--no-answer-timeout", type=float, metavar="SECONDS",
                       help="re-ask after this long without an answer (default 8)")
    group.add_argument("--max-answer", type=float, metavar="SECONDS",
                       help="longest answer (default 15)")
    group.add_argument("--confirm-below", type=float, metavar="CONFIDENCE",
                       help="confirm answers recognised with less confidence (default 0.6)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    add_voice_options(parser, top=True)  # so that plain 'backtalk --input-wav-dir' works
    args = parser.parse_args(argv)
    args.command_line = "backtalk " + shlex.join(sys.argv[1:] if argv is None else argv)
    for name in ("dialogs", "emergency_number", "data_dir"):
        setattr(args, name, getattr(args, name, None))
    func: Any = getattr(args, "func", cmd_voice)
    try:
        return int(func(args))
    except UserError as exc:
        print(f"backtalk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
