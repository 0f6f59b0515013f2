"""The command line's options and commands (argparse only): each command's ``func`` is
the function in its own module that does the work."""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path
from typing import NoReturn

from .. import __version__
from .audio_test import RECORD_SECONDS, cmd_test_audio
from .bench import cmd_bench, default_speech_dir
from .converse import cmd_chat, cmd_voice
from .dialogs import cmd_check, cmd_diagram, cmd_script, cmd_simulate
from .enroll import cmd_enroll
from .models import cmd_models_download, cmd_models_list, cmd_models_verify
from .service import add_service_parser
from .settings import cmd_config, cmd_devices
from .summary import cmd_summary


class Parser(argparse.ArgumentParser):
    """argparse's parser, with its errors said as BackTalk says problems: one line starting
    "backtalk:", a close match for a misspelt command or option, and where the help is
    (not twelve lines of usage a caregiver has to read past)."""

    argv: list[str] = []
    """The words the command line was given (set by the entry point): a misspelt option
    before the command is named, not the word after it taken for a command."""
    known: frozenset[str] = frozenset()
    """Every option of every command (set by the entry point)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"backtalk: {close_match(message)} See '{self.prog} --help'.\n")


def close_match(message: str) -> str:
    """argparse's ``message``, or the misspelt option that caused it, with the command or
    option meant when one is close."""
    for word in Parser.argv:
        name = word.split("=")[0]
        if name.startswith("--") and name != "--" and Parser.known and name not in Parser.known:
            near = difflib.get_close_matches(name, sorted(Parser.known), n=1)
            return f"there is no option {name}" + (f"; did you mean {near[0]}?" if near
                                                   else ".")
    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    near = difflib.get_close_matches(choice.group(1), re.findall(r"[\w-]+", choice.group(2)),
                                     n=1) if choice else []
    return f"{message}." + (f" Did you mean '{near[0]}'?" if near else "")


def parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every command's parser under it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += parsers(child)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = Parser(
        prog="backtalk",
        description="BackTalk screens back pain by asking the questions from its medical "
                    "articles and says how urgent it is and what to do next. It is not a "
                    "doctor. Without a command it starts a screening by voice.",
    )
    parser.add_argument("--version", action="version", version=f"backtalk {__version__}")
    add_own_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="the screening as a typed conversation",
                          description="The screening as a typed conversation: the same "
                          "questions and outcome as by voice, answered at the keyboard. "
                          "Ctrl-D stops it with what is known so far and the safety advice.")
    chat.set_defaults(func=cmd_chat)

    voice = sub.add_parser("voice", help="the screening by voice (the default)",
                           description="The screening by voice: BackTalk speaks each "
                           "question and listens for the answer. Say repeat, slower, "
                           "faster, louder, quieter, go back, help or stop at any time; say "
                           "'help me' for the emergency advice. Settings not given here "
                           "come from the config file (see 'backtalk config').")
    add_voice_options(voice)
    voice.set_defaults(func=cmd_voice)

    test = sub.add_parser(
        "test-audio", help="check the speaker and the microphone before a screening",
        description="Check the speaker and the microphone: BackTalk says a sentence at the "
        "configured pace and volume, records a few seconds (say 'yes, I can hear you'), "
        "shows the level and what the recognizer heard, and says what to do when it is "
        "too quiet, too loud or heard nothing. Exit code 0 when the sound is good, 1 when "
        "it is not, 2 when the microphone, speaker or recognizer cannot be used.")
    test.add_argument("--seconds", type=float, default=RECORD_SECONDS, metavar="SECONDS",
                      help=f"how long to record (default {RECORD_SECONDS:g})")
    add_voice_options(test)
    test.set_defaults(func=cmd_test_audio)

    enroll = sub.add_parser(
        "enroll", help="teach BackTalk how this person says their answers",
        description="Teaches BackTalk how this person says each answer, so that it hears "
        "them even when speech is slow or unclear after a stroke. With no option it is a "
        "spoken session that needs no keyboard: BackTalk says each answer (yes, no, I don't "
        "know, the numbers 0 to 10, upper, middle, lower, left, right, both, repeat, slower, "
        "stop, go back, help me, and the wake phrase if one is set) and the person says it "
        "after it, a few times. A take that is too quiet, too loud, cut off or unlike the "
        "others is asked for again, saying why. Saying 'stop' ends it; what was said is "
        "kept, and running it again goes on with what is missing. Three takes of each "
        "answer take about 5 to 10 minutes, with a rest every six answers. The "
        "recordings stay on this computer in the data folder (voice/), readable only by "
        "this user; --delete removes them all.",
        epilog="Exit codes: 0 done (also when the person stopped early), 1 nothing "
        "changed (--from refused every recording, --delete not confirmed), 2 bad input "
        "(an unknown phrase, a missing folder, no microphone, a folder that cannot be "
        "written).")
    what = enroll.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true",
                      help="show each answer and how many takes it has; what is missing")
    what.add_argument("--from", dest="from_dir", type=Path, metavar="DIR",
                      help="enroll from recordings made elsewhere (e.g. on a phone): "
                           "DIR/<answer>/<take>, one folder per answer named like 'yes' or "
                           "'i_dont_know', or the takes named by their answer in DIR ('yes "
                           "2.m4a'); a file holds a take, or several parted by pauses: WAV, "
                           "or a phone's .m4a, .3gp, .amr, .mp3, .ogg, .opus, .flac or .webm "
                           "as it was saved; each take is checked like a spoken one")
    what.add_argument("--redo", metavar="PHRASE",
                      help="record one answer again; its old takes are replaced only once "
                           "all the new ones are good")
    what.add_argument("--delete", action="store_true",
                      help="remove every voice sample (asks first at a terminal)")
    enroll.add_argument("--yes", action="store_true", help="with --delete: do not ask")
    enroll.add_argument("--takes", type=int, metavar="N",
                        help="takes of each answer (default 3; config key 'takes')")
    add_voice_options(enroll)
    enroll.set_defaults(func=cmd_enroll)

    config = sub.add_parser(
        "config", help="show every setting, its value and where it comes from",
        description="Settings come from, strongest first: the command line, the pace "
        "chosen by saying slower/faster/louder/quieter (kept in voice.json), the "
        "environment, the config file (config.toml in the folder $BACKTALK_CONFIG_DIR or "
        "the user config folder, e.g. ~/.config/backtalk), the slow-speech preset, the "
        "defaults.")
    config.add_argument("--init", action="store_true",
                        help="write a config.toml with every setting commented out")
    # So that 'backtalk config --slow-speech' shows its effect.
    add_voice_options(config, files=False)
    config.set_defaults(func=cmd_config)

    summary = sub.add_parser("summary", help="write the readable summary of a session "
                             "record (e.g. one cut short) and print it",
                             description="Write the summary for a caregiver or doctor "
                             "beside a session record (RECORD.txt next to RECORD.jsonl), "
                             "for example of a screening cut short, and print it.")
    summary.add_argument("record", type=Path, metavar="RECORD.jsonl")
    summary.set_defaults(func=cmd_summary)

    devices = sub.add_parser("devices", help="list microphones and speakers",
                             description="List the microphones and speakers this machine "
                             "has, with the numbers and names --device takes. Exit code 4 "
                             "when there is no microphone or no speaker.")
    devices.set_defaults(func=cmd_devices)

    models = sub.add_parser("models", help="download, list and verify vosk speech models",
                            description="Speech models: download a vosk model (checksum "
                            "verified), list the installed ones and Whisper's weights, and "
                            "verify that they are complete.")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    download = models_sub.add_parser("download", help="fetch a vosk model (default: small "
                                     "US English), verify its checksum, unpack it",
                                     description="Fetch a vosk model (default: the small US "
                                     "English one), check its SHA-256 and unpack it in one "
                                     "step. Exit code 2 without a network.")
    download.add_argument("name", nargs="?", default=None, metavar="NAME",
                          help="model name from 'backtalk models list --available', or a URL")
    download.add_argument("--sha256", metavar="HEX", help="expected SHA-256 of the zip")
    download.add_argument("--dir", type=Path, metavar="DIR", help="where models go")
    download.add_argument("--force", action="store_true", help="download again")
    download.set_defaults(func=cmd_models_download)
    listing = models_sub.add_parser("list", help="installed models (and --available ones)",
                                    description="The installed speech models, and with "
                                    "--available those BackTalk can download.")
    listing.add_argument("--available", action="store_true",
                         help="also list the models BackTalk knows how to download")
    listing.set_defaults(func=cmd_models_list)
    verify = models_sub.add_parser("verify", help="check installed models are complete",
                                   description="Check that the installed models (or the "
                                   "one at PATH) are complete; Whisper's files are hashed "
                                   "again. Exit code 1 when one is not.")
    verify.add_argument("path", nargs="?", type=Path, metavar="PATH")
    verify.set_defaults(func=cmd_models_verify)

    sim = sub.add_parser("simulate", help="run the screening for a virtual patient",
                         description="Run the screening for a virtual patient whose "
                         "findings are in a YAML file, and print the questions asked and "
                         "the outcome.")
    sim.add_argument("--findings", type=Path, required=True, metavar="FILE",
                     help="YAML mapping finding keys to values, e.g. 'chest_pain: yes'")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.set_defaults(func=cmd_simulate)

    script = sub.add_parser("script", help="run scripted conversations and report each",
                            description="Run scripted conversations (what the user says, "
                            "what must happen) and report each. Exit code 1 when one "
                            "fails.")
    script.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                        help="script files, or folders of them")
    script.set_defaults(func=cmd_script)

    check = sub.add_parser("check", help="validate the dialogue files and every path",
                           description="Validate the dialogue files (each problem with "
                           "its file and line) and prove the safety rules over every path "
                           "through the flow.")
    check.add_argument("dir", type=Path, nargs="?", metavar="DIR",
                       help="folder of dialogue files (default: the bundled dialogs/)")
    check.add_argument("--seeds", type=Path, metavar="DIR",
                       help="folder of the source articles used to check every source")
    check.set_defaults(func=cmd_check)

    from ..asr.select import ENGINES
    from ..bench.clips import HALVES
    from ..bench.personal_sets import TAKES
    from ..bench.run import DEFAULT_PARTS, PARTS
    from ..bench.screening_patients import MAX_ANSWERS

    bench = sub.add_parser(
        "bench", help="measure recognition, false accepts, reply latency, start-up and "
        "memory; write a Markdown table and JSON",
        description="Benchmarks on this machine: recognition of the real recordings "
        "through the questions' own grammars (per word, with 95% intervals, on the "
        "speakers held out from tuning unless --half says otherwise), false accepts of "
        "other words and of noise on a yes/no question, reply latency over spoken scripted "
        "conversations, start-up time and peak memory, and (--parts screenings) whole "
        "screenings answered with real recordings in quiet and in noise; each also pinned "
        "to one core (taskset) as a stand-in for a Raspberry Pi. Figures are reported, "
        "never judged: the command fails only if a measurement cannot run.")
    bench.add_argument("--speech-dir", type=Path, default=default_speech_dir(), metavar="DIR",
                       help="recordings: DIR/commands/<word>/*.wav ('yes' and 'no' at "
                            "least) and, if any, DIR/digits/<digit>_<speaker>_<n>.wav; "
                            "WAV, FLAC, MP3, OGG or a phone's .m4a, .3gp, .amr "
                            "(default: the shared recordings)")
    bench.add_argument("--out", type=Path, default=Path("bench-results"), metavar="DIR",
                       help="where bench.md and bench.json go (default bench-results/)")
    bench.add_argument("--engines", nargs="+", default=["whisper", "pocketsphinx", "vosk"],
                       choices=[e for e in ENGINES if e != "auto"], metavar="ENGINE",
                       help="recognizers to measure, each in a process of its own: "
                            f"{', '.join(e for e in ENGINES if e != 'auto')} (one that cannot "
                            "load here, such as vosk without an English model, is reported "
                            "as not measured; default: whisper pocketsphinx vosk)")
    bench.add_argument("--parts", nargs="+", default=list(DEFAULT_PARTS), choices=PARTS,
                       metavar="PART", help=f"what to measure: {', '.join(PARTS)} (default: "
                       f"all but screenings; latency with --engines personal: each later take "
                       f"played in real time, the wait beyond the endpoint with the answer "
                       f"heard while the silence runs and without, about 5 s a take)")
    bench.add_argument("--sample", type=int, metavar="N",
                       help="at most N clips per word, spread over speakers (quick runs)")
    bench.add_argument("--half", choices=HALVES, default="held-out",
                       help="whose recordings: the speakers held out from tuning (default; "
                            "the figures to report; in another folder, also every speaker "
                            "the shared recordings do not hold), the tuning ones, or all")
    bench.add_argument("--screenings", type=int, metavar="N",
                       help="at most N spoken screenings per noise condition")
    bench.add_argument("--draws", type=int, default=1, metavar="N",
                       help="spoken screenings: screen each patient N times, each time with "
                            "other recordings and noise (default 1)")
    bench.add_argument("--max-answers", type=int, default=MAX_ANSWERS, metavar="N",
                       help="spoken screenings: cut a screening off after N answers and count "
                            f"it as not right (default {MAX_ANSWERS}: a person tires; more "
                            "tells a wrong outcome from a long screening)")
    bench.add_argument("--enrollment", type=Path, metavar="DIR",
                       help="with --engines personal: one person's recordings, DIR/<phrase>/"
                            "<take> (WAV or a phone's recordings, one take per file); the "
                            "first takes of each phrase enrolled (--takes), the "
                            "rest heard (default: every speaker of --speech-dir, the same way)")
    bench.add_argument("--takes", type=int, default=TAKES, metavar="N",
                       help="with --engines personal: takes of each word enrolled (default "
                            f"{TAKES}, as 'backtalk enroll'); words said N times or fewer are "
                            "left out")
    bench.add_argument("--vosk-model", type=Path, metavar="DIR", help="vosk model folder")
    bench.add_argument("--core", type=int, default=0, help="core for the one-core figures")
    bench.add_argument("--no-pin", action="store_true", help="skip the one-core figures")
    bench.add_argument("--quick", action="store_true",
                       help="a few clips and two conversations: checks that it runs "
                       "(about 3 minutes on two cores)")
    bench.set_defaults(func=cmd_bench)

    diagram = sub.add_parser("diagram", help="draw the flow (.svg, .png, or .md Mermaid)",
                             description="Draw the screening flow for clinicians: an SVG "
                             "or PNG (Graphviz), or Mermaid in a .md file.")
    diagram.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    diagram.set_defaults(func=cmd_diagram)

    add_service_parser(sub)
    return parser


def folder(text: str) -> Path:
    """A folder named on the command line: an empty name (an unset variable in a script,
    "--data-dir $DIR") would put health records in the current folder unasked."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; give a folder, or leave the "
                                         "option out for the default")
    return Path(text)


def add_own_options(parser: argparse.ArgumentParser) -> None:
    """The options of backtalk itself, given before the command."""
    parser.add_argument("--dialogs", type=folder, metavar="DIR",
                        help="folder of dialogue files (default: the bundled dialogs/)")
    parser.add_argument("--emergency-number", metavar="NUMBER",
                        help="number spoken in the emergency advice (default 112; 911 in "
                             "the US)")
    parser.add_argument("--data-dir", type=folder, metavar="DIR",
                        help="where session records go (default: $BACKTALK_DATA_DIR or the "
                             "user data folder)")


def given_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """The options of ``parser`` that ``args`` holds a value for, as command-line words,
    paths made absolute: what was given, to be passed on to another run (the boot
    service, which starts elsewhere)."""
    said: list[str] = []
    done: set[str] = set()
    for action in parser._actions:
        value = getattr(args, action.dest, None)
        if not action.option_strings or value is None or action.dest in done or \
                isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        flag = action.option_strings[-1]
        if isinstance(action, argparse._StoreConstAction):
            if value != action.const:
                continue
            said.append(flag)
        else:
            said += [flag, str(value.absolute() if isinstance(value, Path) else value)]
        done.add(action.dest)
    return said


def add_voice_options(parser: argparse.ArgumentParser, top: bool = False,
                      files: bool = True) -> None:
    """Options of the voice conversation. Their defaults live in config.py: an option not
    given here falls back to the config file, then to the default. ``top``: the main
    parser's copy (None when not given); a command's copy leaves the main one alone, so
    'backtalk --rate 120 voice' keeps the 120. ``files``: with --input-wav-dir and
    --speak-to, which are no settings (a command that neither listens nor speaks has no
    use for them)."""
    from ..asr.select import ENGINES

    group = parser.add_argument_group(
        "voice", argument_default=None if top else argparse.SUPPRESS)
    group.add_argument("--asr", choices=ENGINES,
                       help="recognizer: auto (default: the person's enrolled voice first "
                            "when there is one, then Whisper, else vosk or pocketsphinx), "
                            "personal (needs 'backtalk enroll'), whisper, vosk, pocketsphinx")
    group.add_argument("--vosk-model", type=Path, metavar="DIR", help="vosk model folder")
    group.add_argument("--device", metavar="MIC",
                       help="microphone: number or part of its name (see 'backtalk devices')")
    group.add_argument("--speaker", metavar="ALSA_DEVICE",
                       help="speaker: an ALSA device such as plughw:1,0 (see 'aplay -L'; "
                            "default: the system's)")
    group.add_argument("--echo-cancel", choices=("auto", "off"),
                       help="auto (default): with a PulseAudio or PipeWire sound server, load "
                            "its echo canceller and listen for a call for help (\"help me\") "
                            "while BackTalk speaks, stopping to answer it; off: hear nothing "
                            "while speaking")
    if files:
        group.add_argument("--input-wav-dir", type=folder, metavar="DIR",
                           help="take the answers from DIR/*.wav, one per turn, instead of "
                                "the microphone")
        group.add_argument("--speak-to", type=folder, metavar="DIR",
                           help="write each prompt to DIR/NNN.wav instead of the speaker")
    group.add_argument("--wake", metavar="PHRASE",
                       help="wait for this phrase before each screening, and again after "
                            "it (e.g. 'hello back talk'), running until stopped; a "
                            "microphone unplugged meanwhile is waited for. Without it the "
                            "screening starts at once")
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
    group.add_argument("--confident-at", type=float, metavar="CONFIDENCE",
                       help="answers that would lower the outcome or skip alarm questions "
                            "are confirmed unless heard at least this sure (default 0.9, "
                            "tuned for Whisper)")
