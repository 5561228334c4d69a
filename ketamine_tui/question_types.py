"""The question taxonomy (data): expected answer types, their cues and their evidence.

What a question asks for: a small taxonomy of expected answer types, each with the cue patterns
that recognise it in a question and the evidence patterns that show a sentence answers it.
Its first part is here, its second (tried after it) in `question_types_care.py`.

English-general: nothing here names the articles' subject, so it serves any folder of articles. Patterns
are phrase patterns (see phrases.py): space-separated elements, each matching one
lower-cased token — `word`, `a|b|c`, `pre*` (a prefix), `#` (a number), `_` (any word), `...`
(any words), `^`/`$` (start/end); `=element` marks the token that is the question's focus
("can I =drive after it?" asks about driving, otherwise too light a word to be a focus).

A type is recognised in three passes, so that how a question asks beats what it mentions:
first its `cues` (how it asks: "how long", "where", "why"), then its `words` (what it names:
"insurance", "nasal spray"), then the types marked `last` (yes-no). "How long did the benefit of
one dose last?" asks for a duration, not a dose. A question with no type is a keyword query.

  evidence        what a sentence that answers this type shows (a duration for "how long")
  weak            what shows it less clearly ("quickly" for "how soon", beside "within hours")
  needs_evidence  a sentence answers only if it shows the evidence; otherwise it only ranks
  recruit         words that passages answering this type use: they bring such passages in
                  when the question names little else ("How quickly does it work?")
  slot            words that name what this type asks for: they are not the question's focus,
                  and a phrase made of them ("at home", "in the brain") is not a constraint
  missing         how a "not covered" reason names what the articles do not say
  near            the types whose FAQ questions are offered when nothing else relates
  needs_thing     a question of it must name what it asks about ("how often do I need *it*?"
                  counts nothing the articles can be searched for)
  unless          patterns that undo a cue of this type ("What is the *half-life of* it?" is no
                  request for a definition)

Kept as Python literals rather than a TOML file: the `ask` command reads it on every run, and
a TOML parser takes milliseconds where compiled literals take microseconds.
"""

from __future__ import annotations

# fmt: off
TYPES: list[dict[str, object]] = [
    {
        "name": "cost",
        "near": ["setting", "eligibility"],
        "cues": ["how much is|are|does|do|will|would ... cost|costs|charge|charged|pay",
            "pay|pays|paid for", "covered by", "^ how much is|are it|this|that|they"],
        "unless": ["mg|milligram|milligrams|dose|doses|dosage|ml"],  # "how much is it in mg?"
        "words": ["cost", "costs", "price", "prices", "priced", "pricing", "expensive", "cheap",
            "afford", "affordable", "fee", "fees", "insurance", "insurer", "insurers", "insured",
            "medicare", "medicaid", "out of pocket", "reimbursed", "reimbursement"],
        "evidence": ["$ #", "# dollars|usd|euros|pounds"],
        "weak": ["cost|costs|price|prices|expensive|afford*|insurance|insurers|reimburs*",
            "covered by"],
        "needs_evidence": True,
        "recruit": ["cost", "costs", "price", "insurance", "expensive"],
        "slot": ["cost", "costs", "price", "prices", "pricing", "expensive", "cheap", "pay",
            "pays", "paid", "fee", "fees", "charge", "charges"],
        "missing": "what it costs or who pays for it",
    },
    {
        "name": "amount",
        "near": ["setting", "count"],
        "cues": ["how much of|do|does|is|are|will|would|can|should", "how strong",
            "what|which dose|doses|dosage|dosages|amount|strength"],
        "words": ["dose", "doses", "dosage", "dosing", "dosed", "milligram", "milligrams", "mg",
            "strength"],
        "evidence": ["# mg|milligrams|milligram|ml|micrograms", "# mg/kg",
            "dose|doses|dosage|dosing ... tailored|individuali*|personali*|adjusted|varies|vary|depends"],
        "weak": ["dose|doses|dosage|dosing|dosed|amount"],
        "needs_evidence": True,
        "recruit": ["dose", "dosage", "amount", "tailored"],
        "slot": ["much", "amount", "strong", "strength"],
        "missing": "how much is given",
    },
    {
        # how often: a rate of repeating, not any number ("millions of people" is none)
        "name": "frequency",
        "near": ["count", "duration"],
        "needs_thing": True,
        "cues": ["how often|frequently", "how regularly"],
        "words": ["frequency"],
        "evidence": ["once|twice|daily|weekly|monthly|fortnightly|frequency",
            "# times|sessions|treatments|infusions|doses|appointments",
            "every|per|each day|week|month|year|other", "every few|couple days|weeks|months",
            "series of"],
        "weak": ["regular|regularly|repeated|repeat|maintenance|booster|boosters|ongoing"],
        "needs_evidence": True,
        "recruit": ["frequency", "regular", "repeated", "weekly", "sessions"],
        "slot": ["often", "frequently", "regularly", "frequency"],
        "missing": "how often",
    },
    {
        "name": "count",
        "near": ["amount", "duration"],
        "needs_thing": True,
        "cues": ["how many =_", "usual|normal|typical|average number",
            "number of sessions|treatments|infusions|doses|times|appointments"],
        "words": ["booster", "boosters", "maintenance sessions",
            "maintenance treatments", "maintenance doses"],
        # A number that counts: not a time span or a share ("within 24 hours", "70%"), which answer
        # "how long" and "how many of them".
        "unless": ["how many minutes|hours|days|weeks|months|years"],
        "evidence": ["# !minutes|minute|hours|hour|days|day|weeks|week|months|month|years|year|%|percent|mg|milligrams",
            "one|two|three|four|five|six|seven|eight|nine|ten|twelve|millions|million|thousands|hundreds !minutes|minute|hours|hour|days|day|weeks|week|months|month|years|year|%|percent",
            "once|twice|daily|weekly|monthly"],
        "weak": ["several|multiple|many|few|numerous|repeated|regular|series|frequency|single"],
        "needs_evidence": True,
        "recruit": ["sessions", "repeated", "regular", "frequency", "series"],
        "slot": ["many", "often", "frequently", "number", "frequency", "times"],
        "missing": "how many or how often",
    },
    {
        "name": "onset",
        "near": ["duration", "efficacy"],
        # "how long before it wears off", "how long until it comes back" ask how long it lasts
        "unless": ["wear|wears|wearing off", "come|comes|coming back"],
        "cues": ["how quickly|fast|soon|rapidly|early", "how long until|before|till",
            "how long does|do|will|would|did|can ... take|takes to|before|for",
            "when will|would|do|does|can|could|should|might ... feel*|notice*|see|work*|start*|begin*|kick*|improv*",
            "start|starts|begin|begins working", "start|starts|begin|begins to work|help|feel",
            "kick|kicks in", "take|takes effect"],
        "words": ["onset"],
        "evidence": ["within|in|after|over # minutes|hours|days|weeks|months",
            "within|in|after|over a few|several|hours|days|weeks|minutes",
            "within|in|after|over minutes|hours|days|weeks|months", "# minutes|hours|days|weeks|months"],
        # a span alone may be another treatment's ("antidepressants can take weeks")
        "weak": ["rapid*|fast*|quick*|immediate*|onset|soon", "minutes|hours|days|weeks|months"],
        "needs_evidence": True,
        "recruit": ["hours", "rapid", "fast", "quickly", "onset", "within"],
        "slot": ["quickly", "fast", "soon", "rapidly", "early", "start", "begin", "kick", "onset",
            "notice", "long", "take", "takes"],
        "missing": "how soon it works",
    },
    {
        "name": "duration",
        "near": ["onset", "efficacy"],
        "cues": ["how long", "how many minutes|hours|days|weeks|months|years",
            "does|do|did|will|would|can|could ... last|lasts", "for longer",
            "last|lasts longer", "wear|wears|wearing off", "how long ... come|comes|coming back",
            "hang|hangs|stick|sticks around", "linger|lingers|persist|persists"],
        "words": ["lasting", "long-lasting", "wear off", "wears off", "wearing off", "duration",
            "go away", "goes away", "hang around", "permanent", "permanently", "long-term",
            "long term", "short-term", "for good"],
        "evidence": ["# minutes|hours|days|weeks|months|years",
            "minutes|hours|days|weeks|months|years|short-lived|long-term|longer-term|short-term|sustained|maintained|permanent*|brief*"],
        "weak": ["lasting|last|lasts|temporary|transient|duration"],
        "needs_evidence": True,
        "recruit": ["last", "lasting", "duration", "sustained", "weeks", "months", "maintained"],
        "slot": ["long", "last", "lasts", "lasting", "duration", "wear", "wears", "wearing", "back",
            "come", "comes", "coming", "permanent",
            "permanently", "term", "away", "longer", "many", "hang", "hangs", "stick", "sticks",
            "around", "linger", "lingers", "persist", "persists"],
        "missing": "how long it lasts",
    },
    {
        "name": "efficacy-share",
        "near": ["efficacy"],
        "cues": ["what|which percentage|percent|proportion|fraction|share", "success|response|remission rate",
            "how many people|patients|users|participants|individuals ... respond*|improv*|better|benefit*|recover*|helped",
            "what share"],
        "words": ["percentage", "percent", "proportion", "success rate", "response rate",
            "remission rate", "odds", "chance", "chances"],
        "evidence": ["# %", "# percent", "# of|in # people|patients|participants|individuals"],
        "weak": ["majority|minority|half|most of the patients|people|participants"],
        "needs_evidence": True,
        "recruit": ["participants", "improvement", "percent"],
        "slot": ["percentage", "percent", "proportion", "share", "rate", "odds", "chance",
            "chances", "respond", "responds", "response", "improve", "benefit", "success",
            "remission"],
        "missing": "how many it helps",
    },
    {
        "name": "use",
        "near": ["definition", "efficacy"],
        "cues": ["what|which is|are|was|were ... used|prescribed|approved|given|indicated for",
            "what|which ... used for", "what|which are|is the use|uses of",
            "what|which does|do|can|could|will|would ... treat",
            "what|which condition|conditions|illness|illnesses|disorder|disorders|disease|diseases|problems ... treat|treats|treated|help|helps|used",
            "what is|are|'s ... good for", "what's ... used|good for"],
        "words": ["uses", "indication", "indications"],
        "evidence": ["used for|to|in|as", "used _ for|to|in|as", "use|uses for|in", "to treat",
            "treat|treats|treating|treated", "treatment of|for", "approved|prescribed|indicated for",
            "help|helps with", "for the treatment"],
        "needs_evidence": True,
        "recruit": ["used", "treat", "treatment", "approved"],
        "slot": ["used", "use", "uses", "treat", "treats", "treated", "prescribed", "approved",
            "indicated", "condition", "conditions", "illness", "illnesses", "disorder",
            "disorders", "disease", "diseases", "problems", "good"],
        "missing": "what it is used for",
    },
    {
        "name": "mechanism",
        "near": ["comparison", "definition"],
        "cues": ["how does|do|did|would|could _ work|works|act|acts|affect|affects|help",
            "how does|do|did|would|could _ really|actually work|works|act|help", "how it works",
            "how _ works|acts", "how _ _ works|acts",
            "what it does", "what does|do|did _ do|does in|to|inside|for",
            "what does|do|did _ actually|really do",
            "in|inside|on|to the|my|your|our|his|her brain|body|head"],
        "words": ["mechanism", "mode of action"],
        "evidence": ["by blocking|targeting|affecting|regulating|modulating|increasing|altering|acting|interacting|changing|boosting",
            "works|work by|differently", "acts|act on", "interacts|interact with",
            "receptor|receptors|neurotransmitter|neurotransmitters|mechanism|pathway|pathways",
            "brain chemical|chemicals", "connections between"],
        "needs_evidence": True,
        "recruit": ["brain", "receptor", "neurotransmitter", "mechanism", "system"],
        "slot": ["work", "works", "act", "acts", "mechanism", "brain", "body", "head", "inside",
            "affect", "affects", "do", "does", "effect", "effects", "impact"],
        "missing": "how it works",
    },
    {
        "name": "aftermath",
        "near": ["experience", "permission"],
        "cues": ["what happens|happened after|afterwards|afterward",
            "what should|can|do|will|would|might i|we|you expect after|afterwards|afterward",
            "prepare|prepared|ready for after", "how will|would|do i|you feel after|afterwards|afterward"],
        "evidence": ["after|afterwards|afterward|following the|an|each|a|every|your|their treatment|treatments|infusion|infusions|session|sessions|procedure|appointment",
            "recover|recovers|recovered|recovery|recovering", "the next|following day|morning"],
        "needs_evidence": True,
        "slot": ["happens", "happen", "happened", "expect", "prepare", "prepared", "ready",
            "afterwards", "afterward", "feel"],
        "missing": "what happens afterwards",
    },
    {
        "name": "consequence",
        "near": ["experience", "risk"],
        "cues": ["what happens|happened if|when|once", "what would|will|could|might happen",
            "^ what if"],
        "evidence": ["if|when|once|unless ... will|would|may|might|can|could|should",
            "otherwise|consequently", "as a result", "leads|lead|led|result|results to|in"],
        "needs_evidence": True,
        "slot": ["happens", "happen", "happened"],
        "missing": "what happens then",
    },
    {
        "name": "experience",
        "near": ["setting", "risk"],
        "cues": ["what should|can|do|will|would|might i|we|you|one|patients|people expect",
            "what to expect", "what is|are|was ... like $", "^ what's ... like $", "what does|did|will ... feel like",
            "what happens|happened during|in|at|on|throughout", "what goes on during|in|at",
            "how does|did|will|would it|this|that feel", "how will|would|might|do i|you feel"],
        "evidence": ["during|throughout the|an|each|a|every|their|your infusion|infusions|session|sessions|treatment|treatments|procedure|appointment|visit",
            "monitored|monitoring|observed|supervised|supervision", "a sense|feeling of",
            "patient|patients|individuals|people|you may|might|can|often|will|typically experience|feel|notice|report"],
        "weak": ["experience|experiences|sensation|sensations|feel|feeling"],
        "needs_evidence": True,
        "recruit": ["during", "monitored", "experience", "session"],
        "slot": ["expect", "like", "happens", "happen", "happened", "goes", "feel", "day"],
        "missing": "what it is like",
    },
    {
        "name": "setting",
        "near": ["amount", "eligibility"],
        "cues": ["^ where", "where is|are|can|do|does|could|would|should|will",
            "how is|are|was|were|do|does|will|would ... given|administered|delivered|taken|done|received|performed",
            "how do|does they|you|doctors|nurses|clinics give|administer|deliver", "at home",
            "by myself", "on my own", "in a|the clinic|hospital|office", "in hospital", "by mouth",
            "take|bring|use _ home", "administer|inject|give _ myself|yourself|themselves"],
        "unless": ["^ is|are|was ... safe|safer|dangerous|risky|harmful", "^ why"],
        "words": ["nasal", "nasally", "spray", "sprays", "tablet", "tablets", "injection",
            "injections", "injected", "shot", "intravenous", "intravenously", "iv", "drip",
            "drips", "orally", "lozenge", "lozenges", "route", "pill", "pills", "capsule",
            "capsules", "needle", "needles"],
        "evidence": ["intravenous*|iv|infusion|infusions|nasal*|spray|sprays|injection*|injected|oral*|pill|pills|tablet|tablets|clinic|clinics|hospital|hospitals|setting|settings|office|offices|home|center|centers|centre|centres|environment|environments|administered|delivered"],
        "weak": ["given|offer*|available|monitored|supervis*"],
        "needs_evidence": True,
        "recruit": ["clinic", "clinics", "setting", "settings", "intravenous", "infusion", "nasal",
            "administered", "offer", "monitored"],
        "slot": ["where", "given", "administered", "delivered", "taken", "done", "home", "myself",
            "clinic", "hospital", "office", "route", "place", "places", "available",
            "availability", "offered", "offer", "offers"],
        "missing": "where or how it is given",
    },
]
# fmt: on
