"""Words of news attribution: verbs of saying in all their tenses, pronouns, titles,
organisation words."""

from __future__ import annotations

_SAY_STEMS = {
    # stem: (3rd person, past, -ing); regular forms are derived
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"), "tweet": (), "add": (), "argue": (),
    "state": (), "claim": (), "explain": (), "note": (), "warn": (), "insist": (),
    "suggest": (), "announce": (), "confirm": (), "acknowledge": (), "admit": (),
    "report": (), "testify": ("testifies", "testified", "testifying"), "allege": (),
    "maintain": (), "contend": (), "assert": (), "stress": ("stresses", "stressed",
    "stressing"), "emphasize": (), "emphasise": (), "predict": (), "conclude": (),
    "recall": (), "reveal": (), "reply": ("replies", "replied", "replying"), "respond": (),
    "concede": (), "promise": (), "vow": (), "pledge": (), "declare": (), "remark": (),
    "observe": (), "joke": (), "quip": ("quips", "quipped", "quipping"),
    "complain": (), "caution": (), "boast": (), "counter": (), "retort": (),
    "deny": ("denies", "denied", "denying"), "recount": (),
    "continue": (), "ask": (), "exclaim": (), "scream": (), "shout": (), "yell": (),
    "post": (), "agree": (), "reiterate": (), "estimate": (),
    "believe": (), "think": ("thinks", "thought", "thinking"), "hope": (),
    "worry": ("worries", "worried", "worrying"), "fear": (), "feel": ("feels", "felt",
    "feeling"), "know": ("knows", "knew", "knowing"), "describe": (), "call": (),
    "urge": (), "mention": (), "specify": ("specifies", "specified", "specifying"),
    "propose": (), "clarify": ("clarifies", "clarified", "clarifying"), "indicate": (),
    "threaten": (), "charge": (), "accuse": (), "blurt": (), "muse": (), "concur": (),
    "wonder": (), "speculate": (), "lament": (), "hint": (),
    "show": ("shows", "showed", "showing"), "find": ("finds", "found", "finding"),
}


def _forms(stem: str, given: tuple[str, ...]) -> tuple[str, ...]:
    if given:
        return (stem, *given)
    if stem.endswith("e"):
        return stem, stem + "s", stem + "d", stem[:-1] + "ing"
    return stem, stem + "s", stem + "ed", stem + "ing"


# Speech acts whose object is what is attributed: "Trump blamed Obama for the downturn",
# "she urged voters to stay home", "they called for an inquiry". Stances without words
# ("endorsed", "praised", "thanked") are left out: a QUOTE is words attributed.
_NOMINAL_STEMS = {
    "blame": (), "accuse": (), "urge": (), "deny": ("denies", "denied", "denying"),
    "demand": (), "predict": (), "warn": (), "call": (), "advise": (), "remind": (),
    "dub": ("dubs", "dubbed", "dubbing"), "label": ("labels", "labelled", "labeled",
    "labelling", "labeling"), "brand": (), "refer": ("refers", "referred", "referring"),
    "describe": (), "dismiss": ("dismisses", "dismissed", "dismissing"), "praise": (),
    "term": (), "deride": (), "blast": (), "hail": (), "invoke": (), "cite": (),
}
NOMINAL_VERBS: frozenset[str] = frozenset(
    form for stem, given in _NOMINAL_STEMS.items() for form in _forms(stem, given))
# Naming someone or something in words of one's own ("called it "horrific"", "dubbed the
# tower "the Toaster""): a quote when the words are quoted.
NAMING_VERBS: frozenset[str] = frozenset(
    form for stem in ("call", "refer", "describe", "dismiss", "praise", "term", "deride",
                      "blast", "hail", "invoke", "cite", "dub", "label", "brand")
    for form in _forms(stem, _NOMINAL_STEMS.get(stem, ())))
# Verbs that introduce what someone said, in any tense.
SAY_VERBS: frozenset[str] = frozenset(
    form for stem, given in _SAY_STEMS.items() for form in _forms(stem, given)) | NOMINAL_VERBS
# The subset that may take a reported clause with or without "that" ("X said it was..."),
# and whose subject is the speaker; belief verbs and "show" need "that" to count.
CLAUSE_VERBS: frozenset[str] = frozenset(
    form for stem in ("say", "tell", "write", "tweet", "add", "argue", "state", "claim",
                      "explain", "note", "warn", "insist", "suggest", "announce", "confirm",
                      "acknowledge", "admit", "report", "testify", "allege", "maintain",
                      "contend", "assert", "stress", "emphasize", "emphasise", "predict",
                      "conclude", "recall", "reveal", "reply", "respond", "concede",
                      "promise", "vow", "pledge", "declare", "remark", "observe", "joke",
                      "complain", "caution", "boast", "counter", "retort", "deny",
                      "reiterate", "clarify", "agree",
                      "concur", "speculate", "lament", "muse")
    for form in _forms(stem, _SAY_STEMS.get(stem, ())))
# Only with "that": "she believes that...", "the report shows that..."
THAT_VERBS: frozenset[str] = SAY_VERBS - CLAUSE_VERBS
# Verbs whose object (the listener) comes before the reported clause.
OBJECT_VERBS: frozenset[str] = frozenset(
    ("tell", "tells", "told", "telling", "remind", "reminds", "reminded", "assure",
     "assures", "assured", "warn", "warns", "warned", "inform", "informs", "informed",
     "ask", "asks", "asked", "urge", "urges", "urged", "promise", "promised"))
# Auxiliaries and adverbs that may sit between a speaker and the verb: "has also said".
BETWEEN: frozenset[str] = frozenset(
    ("also", "has", "have", "had", "later", "previously", "then", "once", "recently",
     "further", "repeatedly", "earlier", "publicly", "privately", "again", "simply",
     "quickly", "firmly", "flatly", "would", "will", "did", "does", "do", "had", "never",
     "always", "often", "still", "reportedly", "allegedly", "initially", "first", "last",
     "already", "just", "even", "only", "separately", "frequently", "openly", "angrily",
     "calmly", "bluntly", "subsequently", "finally", "candidly", "quietly", "may", "might",
     "could", "can", "should", "must", "shall", "not", "clearly", "specifically"))

PRONOUNS: dict[str, str] = {
    # pronoun -> the label its mention gets ("" = the antecedent's label)
    "he": "PERSON", "she": "PERSON", "i": "PERSON", "we": "", "they": "", "it": "ORG",
    "him": "PERSON", "her": "PERSON",
}
# Words that start a sentence but never a name.
NOT_NAMES: frozenset[str] = frozenset(
    """a an the this that these those but and or so yet however meanwhile still also then
    in on at for from with by of to as after before when while if though although because
    since during over under it its he she they we i you his her their our my your there here
    what who which where why how some many most all both each every no not one two three
    now today yesterday tomorrow last next earlier later asked speaking according mr mrs
    ms dr sen rep gov monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    instead indeed other another such even just only more less""".split())
# Titles before a name, left out of the PERSON span ("President Bill Clinton").
TITLES: frozenset[str] = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. sen sen. rep rep. gov gov. gen gen. lt lt.
    col col. capt capt. sgt sgt. president vice prime minister premier mayor senator
    governor chancellor secretary general chief judge justice pope rev rev. sir lord lady
    king queen prince princess ambassador commissioner councillor councilor chair chairman
    chairwoman director officer constable inspector superintendent sheriff attorney
    speaker leader professor coach deputy acting former late mp mpp mla""".split())
# Words that make a speaker an organisation rather than a person.
ORG_WORDS: frozenset[str] = frozenset(
    """ministry ministries department party inc inc. corp corp. co co. ltd ltd. llc plc
    company companies firm police government council committee commission agency union
    association board bank court university college school hospital office army forces
    military navy council campaign group network news times post journal press tribune
    herald star globe agency institute foundation center centre organization organisation
    authority authorities service services administration federation league club team
    coalition alliance church embassy parliament senate congress house cabinet
    spokesperson's statement report study survey poll data documents document release
    email emails website memo letter records newspaper magazine channel station radio
    television tv cnn bbc cbc ctv reuters ap afp wikileaks facebook twitter google apple
    microsoft amazon officials""".split())
# Pronoun-like words for groups and organisations, taken as speakers in their own right.
COMMON_SPEAKERS: frozenset[str] = frozenset(
    """police officials authorities spokesperson spokesman spokeswoman sources witnesses
    residents experts analysts critics researchers scientists investigators prosecutors
    doctors lawyers observers organizers organisers supporters opponents protesters
    economists officers activists advocates workers employees parents students teachers
    voters people delegates diplomats lawmakers legislators leaders members
    representatives executives campaigners villagers residents locals survivors relatives
    families medics soldiers troops rebels militants fighters demonstrators traders
    investors bankers negotiators inspectors monitors engineers farmers groups""".split())
# Cues that are nouns as often as verbs ("the report", "his claims"): a verb only after a
# name or a pronoun, or in the past tense.
NOUNISH: frozenset[str] = frozenset(
    """report reports claim claims post posts call calls estimate estimates hope hopes fear
    fears promise promises reply replies note notes tweet tweets show shows find finds
    charge charges counter counters comment comments statement statements warning
    warnings answer answers response responses remark remarks pledge pledges vow vows
    stress state states suggest blame""".split())
# After a verb of saying these open what was said ('"Q." Tremayne said he did not
# disagree'): the words report something, they do not attribute the quote before them.
OPENS_CLAUSE: frozenset[str] = frozenset("he she it they we i you there that".split())
