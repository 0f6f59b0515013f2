"""The dialogue as typed data, loaded from ``dialogs/*.yaml`` by :mod:`.loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .expr import Condition, Context
from .threshold import as_range

FINISH = "finish"
"""A ``goto`` target meaning: no more questions, the rules decide the outcome."""

STOPPED = "stopped"
"""The state a conversation ends in when the user says stop."""


@dataclass(frozen=True)
class Source:
    """Where a question, rule or piece of advice comes from."""

    article: str
    """File name of the article in the seeds folder."""
    heading: str
    """Heading of the passage in that article."""


@dataclass(frozen=True)
class Finding:
    """One fact the screening collects (the GUIDE's finding keys)."""

    key: str
    type: str
    """``yes_no``, ``choice`` or ``number``."""
    about: str = ""
    alarm: bool = False
    """An alarm sign: never taken as "no" when the answer is unknown."""
    choices: tuple[str, ...] = ()
    minimum: float = 0
    maximum: float = 0
    unit: str = ""


@dataclass(frozen=True)
class Branch:
    """One way out of a question: go to ``goto`` if ``condition`` holds (or always)."""

    goto: str
    condition: Condition | None = None
    line: int = 0


@dataclass(frozen=True)
class Question:
    """A question state: what to say, how answers are understood, where to go next."""

    id: str
    finding: Finding
    ask: str
    reask: str
    phrases: dict[str, tuple[str, ...]]
    """Answer value -> accepted phrases (normalised). Empty for number questions."""
    branches: tuple[Branch, ...]
    sources: tuple[Source, ...]
    help: str = ""
    file: str = ""
    line: int = 0
    members: tuple[str, ...] = ()
    """For a grouped question ("Do you have a fever or chills, or ...?"): the yes/no
    findings it asks together. "No" answers them all; anything else asks them one by one.
    ``finding`` is then a stand-in named after the group."""
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For a group: words that name one of its signs that is not an alarm sign ("lifting"),
    so that "yes, after lifting" answers it and the group's other such signs at once."""
    at_least: float | None = None
    """For a number finding asked as a threshold ("seven or more out of ten?"): the cut.
    Yes and no are kept as ranges (see :mod:`.threshold`); a number said is kept as said."""
    cuts: dict[str, float] = field(default_factory=dict)
    """For a group: the cut of each sign that is a threshold (its own question's at_least)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The findings this question settles."""
        return self.members or (self.finding.key,)

    @property
    def yes_no(self) -> bool:
        """Answered yes or no (a threshold question too)."""
        return self.finding.type == "yes_no" or self.at_least is not None

    def sign_value(self, key: str, answer: str) -> str:
        """What a yes or no to one of a group's signs records ("less than 7" for a
        threshold)."""
        cut = self.cuts.get(key)
        return answer if cut is None else as_range(cut, answer)

    def sign_is_no(self, key: str, value: Any) -> bool:
        """Whether ``value``, known for one of a group's signs, is a no to it (a number
        below a threshold's cut is)."""
        cut = self.cuts.get(key)
        if cut is not None and isinstance(value, (int, float)):
            return value < cut
        return value == self.sign_value(key, "no")


@dataclass(frozen=True)
class Advice:
    """A piece of advice the assistant may speak, with its source."""

    id: str
    say: str
    sources: tuple[Source, ...]
    when: Condition | None = None
    """Spoken only when this holds ("not days > 3": no "wait three days" after five)."""


@dataclass(frozen=True)
class Rule:
    """Findings that call for an outcome level, with the why and who to see."""

    id: str
    condition: Condition
    level: str
    reason: str
    specialists: tuple[str, ...]
    advice: tuple[str, ...]
    sources: tuple[Source, ...]
    file: str = ""
    line: int = 0
    scope: Condition | None = None
    """Where the rule applies at all (a sign the article names only for men); sourced in
    ``scope_sources``. A path that rules the scope out need not ask the rule's signs."""
    scope_sources: tuple[Source, ...] = ()

    @property
    def reads(self) -> frozenset[str]:
        """Every finding the rule's condition and scope read."""
        return self.condition.reads | (self.scope.reads if self.scope else frozenset())

    def applies(self, ctx: Context) -> bool:
        return self.condition(ctx) and (self.scope is None or self.scope(ctx))


@dataclass(frozen=True)
class OutcomeText:
    """What is said for an outcome level when the rules reach it."""

    level: str
    say: str
    """The next step, e.g. "Please call an ambulance now on {emergency_number}."."""
    specialists: tuple[str, ...]
    """Who to see when no rule at this level named anyone."""
    advice: tuple[str, ...]
    """Advice spoken with every outcome of this level."""
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Language:
    """Words shared by all questions: yes/no, numbers, commands, fixed sentences."""

    yes_no: dict[str, tuple[str, ...]]
    dont_know: tuple[str, ...]
    commands: dict[str, tuple[str, ...]]
    emergency_calls: tuple[str, ...]
    """Calls for help: an emergency wherever they are said."""
    emergency_symptoms: tuple[str, ...]
    """Alarm symptoms named outright: an emergency unless a negation turns them round."""
    negations: tuple[str, ...]
    negation_links: tuple[str, ...]
    fillers: tuple[str, ...]
    number_words: dict[str, float]
    duration_units: dict[str, float]
    duration_phrases: dict[str, float]
    more_than: tuple[str, ...]
    or_more: tuple[str, ...]
    say: dict[str, str]
    roughly: tuple[str, ...] = ()
    """Words before an amount that is not exact ("*about* a week"): the amount as said."""
    spellings: dict[str, str] = field(default_factory=dict)
    """Other ways of writing or saying a phrase -> the phrase ("dunno" -> "don't know")."""
    wellness: tuple[str, ...] = ()
    """Words for being well ("good", "right", "normal"): negated in a clause about what a
    question asks ("legs no good"), they say something is wrong there, a yes."""
    negation_tails: tuple[str, ...] = ()
    """Words after a negation that name nothing else ("I haven't had *one*", "I don't *get
    them*"): a negation followed by any other word ("my legs don't *hurt*") denies that,
    not what was asked, and is no "no" to the question."""
    my_said_me_before: tuple[str, ...] = ()
    """Words before which "me" is "my", as many say it ("me back", "me legs"): "not me
    face" is no "not me" (someone else's)."""
    my_said_me_after: tuple[str, ...] = ()
    """... when "me" opens the clause or follows one of these, where it cannot be the
    object of a verb ("help me back to bed" is a call for help)."""
    no_said_not_before: tuple[str, ...] = ()
    """Words before which "no" is "not" after a subject, as Scots say it ("I've *no been*
    to the kirk", "I'm *no well*"): a negation of what follows, not a bare no."""
    hesitations: tuple[str, ...] = ()
    """Sounds that carry no meaning ("um", "er"): dropped before reading an answer."""
    clause_breaks: tuple[str, ...] = ()
    """Words that start a new clause, as a comma does ("no, well, a bit": "well")."""
    corrections: tuple[str, ...] = ()
    """Words after which a new answer replaces the one before ("no, I mean yes"): they
    also start a new clause."""
    taken_back: tuple[str, ...] = ()
    """Phrases that take back the answer before ("I said yes before, I misread"): what
    else is said answers that question again."""
    complaints: tuple[str, ...] = ()
    """Words for how a thing feels that any question may be about ("bad", "ache"): "my
    head's not *bad*" is a no to a headache, "my legs aren't *swollen*" is no answer about
    cramps."""
    asking_words: tuple[str, ...] = ()
    """Words that ask ("what", "where"): first in a clause that names the question's own
    words ("what's chills?") they ask what the question means, and get its help."""
    asked_back: tuple[str, ...] = ()
    """Openings of a sentence that may ask something ("is it", "what"): a number said in
    one ("is it about a week?") is checked with the person before it counts."""
    doubt_verbs: tuple[str, ...] = ()
    """Words that, negated, make doubt: "don't know", "not sure", "haven't checked"."""
    intensity: tuple[str, ...] = ()
    """Amounts that imply yes ("a bit", "sometimes"); negated ("not a bit") they mean no."""
    commands_anywhere: tuple[str, ...] = ()
    """One-word commands that mean the command wherever in a sentence they are said ("can
    you go a bit *quicker*"): words for how BackTalk speaks, which answer no question.
    Other one-word commands ("what", "sorry") count only said on their own."""
    told_new: tuple[str, ...] = ()
    """Words that tell something is new or unlike before ("he's never been like this"):
    their negation denies nothing asked, so they answer no question unless it lists them."""
    denied_now: tuple[str, ...] = ()
    """Words that deny a sign now ("not now", "fine since"): after a clause that tells of
    the past, the answer to a question of now is theirs, a no (:class:`.AnswerReader`)."""
    asked_of_before: frozenset[str] = frozenset()
    """Keys of the yes/no findings whose question asks of what has been ("ever had a heart
    attack?", "hurt your head recently?"): a sign told of the past, then denied now, is no
    no to them."""
    days_named: tuple[str, ...] = ()
    counted_from_a_day: tuple[str, ...] = ()
    """Words between an amount and a day named that count the amount from the day ("a
    week *last* Monday"): not the days so far, asked as yes or no."""
    days_ahead: tuple[str, ...] = ()
    """Days still to come ("four *tomorrow*"): an amount said before one is not the days
    so far either."""
    """Days named by the calendar ("since Monday", "over the weekend"): to a question of how
    many days, no number, since a machine kept offline may have the wrong date."""
    durations_vague: tuple[str, ...] = ()
    """A time given with no amount ("for months", "ages", "a good while"): to a question of
    how many days, no number, but longer or shorter than its cut-offs is easy to say."""
    other_things: tuple[str, ...] = ()
    """Other things named with a question's word ("blood *pressure*", "under *pressure* at
    work"): they answer no question unless it lists them."""
    conversation_talk: tuple[str, ...] = ()
    """Talk about the conversation that is no command and no answer ("never mind", "let me
    think"): the question is asked again."""
    waiting: tuple[str, ...] = ()
    """A pause asked for ("hang on", "someone's at the door"), said as a whole clause: the
    question waits, and is not counted as not understood."""
    finding_answers: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Finding key -> answer value -> phrases heard for it on that finding's question
    ("didn't help" is yes to pain_not_relieved)."""
    confirm_answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Extra yes/no phrases for "Is that right?" ("that's it", "not quite")."""
    emergency_numbers: tuple[str, ...] = ()
    """Emergency phone numbers (digits); the configured one is added at run time."""
    call_verbs: tuple[str, ...] = ()
    """Words that, before an emergency number, make it a call ("call 911", "ring 999")."""
    grammar_leaves_out: tuple[str, ...] = ()
    """Phrases understood when typed or heard inside a sentence but not listened for on
    their own: said alone they are rare, and a recognizer hears them in other speech.
    Those written "~like this" in any list of the dialogue files, and any listed by name
    under ``grammar_leaves_out``."""
    always_confirm: tuple[str, ...] = ()
    """Phrases a recognizer hears in other words ("none" for "yes"): confirmed whenever
    they are heard, however sure the recognizer was."""
    question_tags: tuple[str, ...] = ()
    """Tags asking the listener to agree ("..., *is it*?"): a no ending with one is checked
    before it counts, to an alarm sign."""
    reported_speech: tuple[str, ...] = ()
    """Forms of a doubt verb that tell what another says ("no, he *says*"): no doubt."""
    address_words: tuple[str, ...] = ()
    """Words said to the listener ("love", "mate"): a tail after a negation ("no, love"),
    and no clause of an answer on their own ("Rash, love?" asks back)."""
    other_people: tuple[str, ...] = ()
    """Words for people a carer or the person may speak of ("sister", "neighbour"): a sign
    told in a clause with one of them is asked before it counts."""
    denied_all: tuple[str, ...] = ()
    """Words that turn down every sign a group asks ("none of those", "nothing like
    that"): with nothing told besides, the group's no, whatever else is said."""
    go_on: tuple[str, ...] = ()
    """Phrases that, to "Do you want to stop the questions now?", ask to go on ("carry on",
    "keep going"); not with a negation before them in their clause ("I can't go on")."""
    hedged_no: tuple[str, ...] = ()
    """No phrases said with doubt ("I don't think so"): the only no in a reply to an alarm
    sign, checked with the person before it counts."""
    emergency_idioms: tuple[str, ...] = ()
    """Phrases with emergency words that call for nothing ("dying to", "not an emergency"):
    an emergency phrase inside one does not count."""
    emergency_hypothetical: tuple[str, ...] = ()
    """Words that, before an emergency or an answer in its clause, make it a fear or a
    question ("what if", "scared of", "if it gets"): it calls for nothing and answers
    nothing."""
    emergency_concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Named sets of words ("pressing": crushing, squeezing, tight) for ``emergency_when``."""
    emergency_when: tuple[frozenset[str], ...] = ()
    """Concepts that together, each said and none denied, in one reply are an emergency
    ("heart", "pressing", "now": "my chest's gone tight just now")."""
    emergency_nearly: frozenset[str] = frozenset()
    """Concepts of how bad or how sudden ("pressing", "now", "lots"): with one other, all
    but one of an item of ``emergency_when`` of three told, the reply is most of an
    emergency, and the person is asked whether they need an ambulance now."""
    emergency_places: frozenset[str] = frozenset()
    """Concepts that name a part of the body or a person ("heart", "child"): with another
    part of an emergency only when both are of one item of ``emergency_when``."""
    emergency_amounts: frozenset[str] = frozenset()
    """Concepts of how much ("lots"): no part of an emergency told beyond a question's own."""
    emergency_asked_about: dict[str, frozenset[str]] = field(default_factory=dict)
    """Finding key -> the concepts its question asks about ("head", "hit" for a head
    injury). Two concepts told apart, one of them not among these, are most of an emergency
    too, asked about as ``emergency_nearly``, when both are of one item of
    ``emergency_when`` or that one is neither a place nor an amount and the other no
    amount ("landed on his neck *ten minutes ago*")."""
    emergency_past: tuple[str, ...] = ()
    """Words that put a reply in the past ("years ago", "used to"): with no word for now
    anywhere in it, the signs it tells call for nothing (a call for help still does)."""
    past_times: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Kinds of word in a time of the past ("ago", "last", "months") -> the words
    (:mod:`.past`): "two winters ago", "last March", "in 2015" put a reply in the past too."""
    told_answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Finding key -> words for the event its question asks about ("stroke", "heart
    attack", "fell"): told, they answer yes, but no more surely than a bare yes, since
    people tell of others' too ("no, that was my sister, she had the stroke" is asked
    again); denied ("never had a stroke"), no. An emergency symptom among them is an
    emergency as anywhere when told as happening; told of the past ("in 2015") it answers."""
    named_answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Finding key -> words that name its sign ("fever", "cramps"): read as
    ``told_answers`` are, but only of now: told of the past they tell nothing."""
    told_in_passing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Finding key -> words that name its sign out of its question ("groin", "down below",
    "my wee"): a clause holding one, read as the sign's own question reads it, may tell
    the sign in passing, at another question (:mod:`.passing`)."""
    someone_else: tuple[str, ...] = ()
    """Words that put what is told on someone else ("not me", "that was my sister"): a
    word of ``told_answers`` in such a reply is no yes."""
    emergency_signs_together: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Kinds of sign (face, arm, speech) -> the phrases for them: one alone may be old (what
    a stroke left), two different kinds in one reply are an emergency ("can't lift my arm",
    "can't speak")."""
    emergency_sign_parts: dict[str, tuple[tuple[str, ...], tuple[str, ...],
                                          tuple[str, ...]]] = field(default_factory=dict)
    """Kind of sign of ``emergency_signs_together`` -> (words for where, phrases for what
    has happened there, beginnings of words for it: "droop" for "drooped", "droopy"): told
    close together ("her mouth's gone all crooked"), a sign of that kind."""
    emergency_left_by: tuple[str, ...] = ()
    """Words that put signs of a stroke on an earlier one ("since the stroke", "ever
    since"): two of them are then no new stroke (one said to be happening now still is)."""
    emergency_services: tuple[str, ...] = ()
    """The emergency services named ("ambulance", "paramedics"): a call for help in a
    reply, but overheard (the news, a neighbour's story) only after a verb of calling
    ("get an ambulance"; :mod:`.overheard`)."""
    emergency_conditions: tuple[str, ...] = ()
    """Emergencies named ("a heart attack", "a stroke"): overheard, they count only as
    happening (after one of :attr:`emergency_conditions_happening`) or with a word for
    now; the news and family stories name them too."""
    emergency_conditions_happening: tuple[str, ...] = ()
    """Words just before an emergency named that say it is happening: "I'm *having* a
    heart attack", "I think he's *just had* a stroke"."""
    telegraphic_where: tuple[str, ...] = ()
    """Parts of the body named in telegraphic speech ("Chest. Tight. Bad."): with a word of
    :attr:`telegraphic_how` and none of :attr:`telegraphic_calm`, most of an emergency
    when overheard."""
    telegraphic_how: tuple[str, ...] = ()
    """Words of something wrong in telegraphic speech ("tight", "can't", "gone")."""
    telegraphic_calm: tuple[str, ...] = ()
    """Words that make telegraphic speech no emergency: "always", "fine", "ago", "if"."""
    telegraphic_small_words: tuple[str, ...] = ()
    """Small words ("the", "is", "my"), which telegraphic speech leaves out: a run of words
    with few of them is telegraphic even written with no stop between its pieces."""
    emergency_areas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A part of the body -> words for what is wrong with it: the two in one clause are an
    emergency ("my chest is tight", "her face has dropped")."""

    @property
    def emergency_phrases(self) -> tuple[str, ...]:
        return (*self.emergency_calls, *self.emergency_symptoms)

    @property
    def emergency_feelings(self) -> frozenset[str]:
        """Every word for what is wrong with a part of the body in ``emergency_areas``."""
        return frozenset(w for feelings in self.emergency_areas.values() for w in feelings)


@dataclass(frozen=True)
class Dialog:
    """The whole screening flow, validated."""

    findings: dict[str, Finding]
    questions: dict[str, Question]
    start: str
    stop_when: str
    """Outcome level at which questions end at once (``emergency``)."""
    rules: tuple[Rule, ...]
    advice: dict[str, Advice]
    outcomes: dict[str, OutcomeText]
    safety: tuple[str, ...]
    """Advice ids spoken whenever the screening ends short of an emergency."""
    language: Language
    files: tuple[str, ...] = field(default_factory=tuple)

    @cached_property
    def alarm_keys(self) -> frozenset[str]:
        # Read for every rule on every step of the path checker: worth keeping.
        return frozenset(k for k, f in self.findings.items() if f.alarm)
