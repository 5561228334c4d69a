"""The question taxonomy (data): expected answer types, their cues and their evidence.

What a question asks for: a small taxonomy of expected answer types, each with the cue patterns
that recognise it in a question and the evidence patterns that show a sentence answers it.

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
            "pay|pays|paid for", "covered by"],
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
        "name": "count",
        "near": ["amount", "duration"],
        "cues": ["how many =_", "how often|frequently", "usual|normal|typical|average number",
            "number of sessions|treatments|infusions|doses|times|appointments"],
        "words": ["frequency", "booster", "boosters", "maintenance sessions",
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
        "cues": ["how quickly|fast|soon|rapidly|early", "how long until|before|till",
            "how long does|do|will|would|did|can ... take|takes to|before|for",
            "when will|would|do|does|can|could|should|might ... feel*|notice*|see|work*|start*|begin*|kick*|improv*",
            "start|starts|begin|begins working", "start|starts|begin|begins to work|help|feel",
            "kick|kicks in", "take|takes effect"],
        "words": ["onset"],
        "evidence": ["within|in|after|over # minutes|hours|days|weeks|months",
            "within|in|after|over a few|several|hours|days|weeks|minutes",
            "minutes|hours|days|weeks|months"],
        "weak": ["rapid*|fast*|quick*|immediate*|onset|soon"],
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
            "last|lasts longer"],
        "words": ["lasting", "long-lasting", "wear off", "wears off", "wearing off", "duration",
            "go away", "goes away", "hang around", "permanent", "permanently", "long-term",
            "long term", "short-term", "for good"],
        "evidence": ["# minutes|hours|days|weeks|months|years",
            "minutes|hours|days|weeks|months|years|short-lived|long-term|longer-term|short-term|sustained|maintained|permanent*|brief*"],
        "weak": ["lasting|last|lasts|temporary|transient|duration"],
        "needs_evidence": True,
        "recruit": ["last", "lasting", "duration", "sustained", "weeks", "months", "maintained"],
        "slot": ["long", "last", "lasts", "lasting", "duration", "wear", "permanent",
            "permanently", "term", "away", "longer", "many"],
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
            "chances", "respond", "improve", "benefit"],
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
            "affect", "affects", "do", "does"],
        "missing": "how it works",
    },
    {
        "name": "setting",
        "near": ["amount", "eligibility"],
        "cues": ["^ where", "where is|are|can|do|does|could|would|should|will",
            "how is|are|was|were|do|does|will|would ... given|administered|delivered|taken|done|received|performed",
            "how do|does they|you|doctors|nurses|clinics give|administer|deliver", "at home",
            "by myself", "on my own", "in a|the clinic|hospital|office", "in hospital", "by mouth"],
        "unless": ["^ is|are|was ... safe|safer|dangerous|risky|harmful"],
        "words": ["nasal", "nasally", "spray", "sprays", "tablet", "tablets", "injection",
            "injections", "injected", "shot", "intravenous", "intravenously", "iv", "drip",
            "drips", "orally", "lozenge", "lozenges", "route"],
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
    {
        "name": "comparison",
        "near": ["mechanism", "efficacy"],
        "cues": ["better|worse|more effective than", "difference|differences between",
            "different|differs from", "instead of", "rather than",
            "which is better|best|right|safer",
            "better|safer|faster|stronger|worse option|choice|treatment"],
        "words": ["vs", "versus", "compare", "compared", "comparing", "comparison", "differ",
            "differs", "alternative", "alternatives"],
        "evidence": ["than|unlike|compared|comparison|whereas|contrast|instead|rather"],
        "weak": ["different*|differ*|alternative|alternatives"],
        "needs_evidence": True,
        "recruit": ["unlike", "compared", "traditional", "alternative", "differently"],
        "slot": ["versus", "vs", "compared", "compare", "comparison", "better", "worse",
            "difference", "different", "differ", "instead", "rather", "alternative",
            "alternatives", "which", "right"],
        "missing": "how they compare",
    },
    {
        "name": "eligibility",
        "near": ["risk", "setting"],
        "cues": ["^ who|whom is|are|should|can|could|might|would|will|benefits|qualifies|gets|needs",
            "who is|are _ ... for", "right for me|you|him|her|them",
            "good option|fit|choice for", "appropriate for", "for everyone|anyone",
            "certain people", "only some",
            "^ can|could|should|may i|you|someone|people have|get|take|try|use|do ... if i|you|he|she|they|someone|people already|have|has|had|am|are|is|suffer|suffers"],
        "words": ["candidate", "candidates", "eligible", "eligibility", "qualify", "qualifies",
            "suitable", "suitability", "suited", "anybody", "everyone"],
        "evidence": ["candidate|candidates|eligib*|suitab*|suit|suits|circumstances", "for those|individuals|patients|people who|with",
            "individuals|patients|people|those who"],
        "weak": ["individuals|patients|people|person|persons|those|someone|anyone|everyone|needs"],
        "needs_evidence": True,
        "recruit": ["individuals", "candidate", "suitable", "eligibility", "circumstances"],
        "slot": ["benefit", "benefits", "consider", "who", "candidate", "candidates", "eligible", "eligibility", "qualify",
            "suitable", "suited", "right", "everyone", "anyone", "anybody"],
        "missing": "who it is for",
    },
    {
        "name": "combination",
        "near": ["risk", "comparison"],
        "cues": ["together with", "in addition to", "at the same time as", "on top of",
            "with my|other|your|his|her|their|a|an medication*|medicine*|drug|drugs|pills|antidepressant*|treatment*|therapy|therapies|prescription*",
            "with my|other|your|his|her|their _ medication*|medicine*|drug|drugs|pills|antidepressant*",
            "while taking|on|using", "still|also need|go|see|take|keep|continue|have",
            "stop|stopping|quit|continue|keep taking|using|my"],
        "words": ["combine", "combined", "combines", "combining", "combination", "alongside",
            "mix", "mixing", "interact", "interacts", "interaction", "interactions"],
        "evidence": ["combined|combining|combination|paired|alongside|interact*", "in addition to",
            "along with", "with ongoing|other|counseling|therapy|therapies|medication|medications",
            "broader treatment plan"],
        "weak": ["together|complement*"],
        "needs_evidence": True,
        "recruit": ["combined", "paired", "alongside", "ongoing", "complement"],
        "slot": ["combine", "combined", "combining", "combination", "together", "alongside", "mix",
            "mixing", "interact", "interaction", "interactions", "still", "also", "stop",
            "continue", "keep"],
        "missing": "whether it can be combined with that",
    },
    {
        "name": "permission",
        "near": ["risk", "setting"],
        "cues": ["can|could|may|should|must|am|will i|you|we|one|someone|patients|people =drive|eat|drink|work|fly|travel|exercise|sleep|shower|breastfeed|smoke|leave|return|bring",
            "can|could|may|should|must|am|will i|you|we|one|someone|patients|people still|safely =drive|eat|drink|work|fly|travel|exercise|sleep|shower|breastfeed|smoke|leave|return",
            "can|could|may|should|will i|you|we be able|allowed to =drive|eat|drink|work|fly|travel|exercise|breastfeed|smoke|leave|return",
            "is it ok|okay|alright|fine|safe to =drive|eat|drink|work|fly|travel|exercise|breastfeed|smoke|leave|return",
            "allowed|permitted to"],
        "evidence": ["avoid|avoiding drive|driving|eat|eating|drink|drinking|work|working|operate|operating",
            "should|must|shouldn't|mustn't not ... drive|driving|eat|eat|drink|drinking|work|working|operate",
            "wait # hours|days", "for # hours after|before", "until the next|following day",
            "arrange|arranged|arranging for someone|a|transport", "someone to drive|take|collect"],
        "weak": ["should|must|avoid*|refrain*|allowed|permitted", "safe to"],
        "needs_evidence": True,
        "slot": ["allowed", "permitted", "ok", "okay", "able"],
        "missing": "whether you can do that",
    },
    {
        "name": "advice",
        "near": ["eligibility", "combination"],
        "cues": ["what should|can|could|do i|we|you do", "what can be done", "how can|do|should i|we ... better|best|most",
            "what do you recommend", "what would you recommend", "any advice|tips"],
        "evidence": ["speak|talk|consult with|to", "discuss*|consult*|ask|contact",
            "combining|combined|paired with", "may|can help"],
        "weak": ["should|recommend*|advice|guidance"],
        "needs_evidence": True,
        "recruit": ["consult", "discuss", "speak", "healthcare", "provider"],
        "slot": ["do", "recommend", "advice", "tips", "best"],
        "missing": "what to do",
    },
    {
        "name": "risk",
        "near": ["eligibility", "permission"],
        "cues": ["bad for", "is|are it|this|that safe|dangerous|risky|harmful to",
            "^ is|are ... safe|safer|dangerous|risky|harmful",
            "how safe|dangerous|risky|harmful", "is it safe|dangerous|risky|harmful"],
        "words": ["side effect", "side effects", "side-effect", "side-effects", "risk", "risks",
            "risky", "danger", "dangers", "dangerous", "safe", "safety", "safer", "harm",
            "harmful", "harms", "damage", "damaging", "adverse", "addiction", "addictive",
            "addicted", "hooked", "abuse", "misuse", "dependence", "dependent", "toxic",
            "toxicity", "overdose", "complication", "complications", "hurt", "precaution",
            "precautions", "warning", "warnings", "contraindication", "contraindications",
            "contraindicated", "downside", "downsides", "drawback", "drawbacks", "cons"],
        "evidence": ["side effect|effects",
            "adverse|risk|risks|safety|safe|tolerated|abuse|addiction|dependence|dizziness|nausea|dissociat*|detachment",
            "blood pressure", "heart rate"],
        "weak": ["concern|concerns|caution|carefully|monitor*|mild|short-lived|transient|temporary|worry"],
        "needs_evidence": True,
        "recruit": ["safety", "risks", "adverse", "concerns", "tolerated"],
        "slot": ["safe", "safer", "safety", "risk", "risks", "risky", "danger", "dangerous", "harm",
            "harmful", "precaution", "precautions", "warning", "warnings"],
        "missing": "that risk",
    },
    {
        "name": "reason",
        "near": ["efficacy", "risk"],
        "cues": ["^ why",
            "why is|are|was|were|do|does|did|would|has|have|hasn't|haven't|isn't|aren't|don't|doesn't|can't|won't|not",
            "what is|are the reason|reasons", "what's the reason|reasons", "how come"],
        "evidence": ["because|since|reason|reasons|therefore|thus|limitation|limitations", "due|owing to",
            "so that", "which is why", "as a result", "this makes", "making|makes it", "worry|worries about",
            "concerns about|surrounding"],
        "weak": ["concern|concerns|worry|worries|useful"],
        "needs_evidence": True,
        "recruit": ["because", "reason", "concerns", "limitations", "useful"],
        "slot": ["reason", "reasons"],
        "missing": "why",
    },
    {
        "name": "history",
        "near": ["definition"],
        "cues": ["^ when", "when was|were|did|is|are|has|had",
            "first approved|used|made|developed|discovered", "how old", "since when",
            "what|which year", "new drug|medication|medicine|treatment", "been around"],
        "words": ["originally", "history", "invented", "discovered"],
        "evidence": ["#", "decade|decades|years"],
        "weak": ["originally|first|developed|approved|approval|recent*|since|new"],
        "needs_evidence": True,
        "recruit": ["approved", "originally", "developed", "decades"],
        "slot": ["when", "first", "originally", "history", "year", "old", "new", "around"],
        "missing": "when",
    },
    {
        "name": "definition",
        "near": ["mechanism", "history"],
        "cues": ["^ what|who is|are|was|were _ $", "^ what|who is|are|was|were _ _ $",
            "^ what|who is|are|was|were _ _ _ $", "^ what|who is|are|was|were _ _ _ _ $",
            "^ what|who is|are|was|were a|an|the _ $", "^ what|who is|are|was|were a|an|the _ _ $",
            "^ what|who is|are|was|were a|an|the _ _ _ $",
            "^ what|who is|are|was|were a|an|the _ _ _ _ $", "^ what's _ $", "^ what's _ _ $",
            "^ what's a|an|the _ $", "^ what's a|an|the _ _ $", "what does|do ... mean",
            "meaning of", "what is meant by", "definition of",
            "what kind|type of drug|medication|medicine|substance|thing|state"],
        "unless": ["^ what are the", "^ what|who is|are|was|were ... of|for|about|with|in|on|to|like"],
        "evidence": ["is|are|was a|an|the", "is|are|was one of", "refers|refer to", "means",
            "known|defined|described|classed|classified as", "including|such as"],
        "weak": ["called", "known for"],
        "needs_evidence": True,
        "slot": ["mean", "means", "meaning", "define", "definition", "kind"],
        "missing": "what it is",
    },
    {
        "name": "efficacy",
        "near": ["efficacy-share", "onset"],
        "cues": ["how well|effective|successful|good",
            "does _ really|actually work|help",
            "does _ work|help", "work|works|help|helps for", "worth it|trying",
            "worth a try"],
        "words": ["effective", "effectiveness", "efficacy", "success", "successful", "cure",
            "cured", "cures", "results", "evidence"],
        "evidence": ["effective*|efficacy|improv*|response|respond*|reduction|reduced|result|results|success*"],
        "weak": ["relief|promis*|benefit|benefits|helpful|help*|alleviat*|shown"],
        "recruit": ["effective", "efficacy", "improvement", "results", "promising"],
        "slot": ["well", "effective", "efficacy", "success", "successful", "work", "works",
            "worth", "results", "evidence"],
        "missing": "how well it works",
    },
    {
        "name": "yes-no",
        "last": True,
        "cues": ["^ is|are|was|were|do|does|did|can|could|will|would|should|may|might|has|have|had|isn't|aren't|doesn't|don't|won't|can't|must"],
        "missing": "that",
    },
]

# A sentence that talks about a topic instead of stating a fact of it ("it is essential to consider
# the side effects", "this article explores…", "more research is needed"): shown after sentences
# that state something, and never alone as the answer to a factual question.
META = ["it is essential|important|crucial|vital|necessary to|that",
    "it's essential|important|crucial|vital|necessary to|that", "it is worth noting",
    "it is always important",
    "this article|post|page|guide|piece explores|discusses|covers|describes|looks|will|examines|serves",
    "learn|read|discover how|more|about|why|what", "find out",
    "research is needed|necessary|required", "research will be needed|necessary|required",
    "is|are still being studied|evaluated|investigated|researched",
    "consult with a|your ... professional|provider|doctor",
    "consult a|your ... professional|provider|doctor", "disclaimer",
    "individual circumstances may vary"]

# Words that introduce a constraint on what is asked ("at home", "while pregnant", "with my
# antidepressants", "after the infusion", "for the elderly"); the content words after one form
# the constraint, determiners between them and the preposition aside.
PREPOSITIONS = ["at", "while", "with", "after", "before", "during", "for", "in", "without",
    "among", "inside", "on", "when", "if"]

DETERMINERS = ["a", "an", "the", "my", "your", "his", "her", "their", "our", "its", "this", "that",
    "these", "those", "each", "every", "some", "any", "other", "another"]

# Verbs that carry almost no meaning of their own ("get", "take", "make"): never a focus alone.
LIGHT = ["take", "takes", "taking", "took", "make", "makes", "made", "making", "give", "gives",
    "giving", "gave", "use", "used", "using", "need", "needs", "bring", "put", "come", "came",
    "happen", "happens", "show", "shows", "start", "try", "trying", "feel", "seem", "seems",
    "look", "looks", "help", "helps", "work", "works", "cause", "causes", "affect", "affects",
    "treat", "treated", "treating", "have", "having", "see", "keep", "find", "known", "figure",
    "say", "said", "think", "thought", "mean", "means"]

# The people a question is asked for ("*my* brother", "*her* partner"): no focus after a
# possessive; without one ("new moms", "mothers") they name a group the question is about.
PEOPLE = ["brother", "brothers", "sister", "sisters", "mother", "father", "mom", "mum", "dad",
    "parent", "parents", "son", "daughter", "friend", "friends", "partner", "husband", "wife",
    "boyfriend", "girlfriend", "relative", "cousin", "uncle", "aunt", "grandmother", "grandfather"]

# "one" that counts nothing ("in one study", "one of the", "no one", "one another", "one study
# found"): no evidence of a number.
ONE_COUNTS_NOTHING_AFTER = ["in", "no", "at", "the", "this", "that", "which", "every", "any"]
ONE_COUNTS_NOTHING_BEFORE = ["of", "another", "study", "trial", "report", "review", "survey",
    "article", "paper", "way", "example", "reason", "thing", "option", "concern", "case"]

# Words that turn a question around ("doesn't work", "not a good candidate", "stop working").
NEGATIVE = ["not|no|never|without|worse|fail*",
    "doesn't|don't|didn't|isn't|aren't|won't|can't|hasn't|haven't", "stop|stops|stopped working",
    "no longer"]
# fmt: on
