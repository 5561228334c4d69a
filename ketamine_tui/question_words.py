"""The question lexicon (data): the word lists question analysis shares across answer types.

Meta sentences, the prepositions that open a constraint, determiners, light verbs, the people a
question is asked for, the "one" that counts nothing, the words that turn a question around, and
the questions about what is known with the sentences that say what is not known yet.
English-general like `question_types.py`, whose pattern syntax (phrases.py) the patterns here use.
"""

from __future__ import annotations

# fmt: off
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
    "individual circumstances may vary", "ongoing research|studies|trials", "shed|sheds light on",
    "research|studies will continue"]

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

# After the corpus's own subject these name the subject itself: "aspirin *therapy*" is aspirin.
SUBJECT_HEADS = ["therapy", "therapies", "treatment", "treatments", "infusion", "infusions"]

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

# A question about what is known ("do doctors *know* how it works?", "what's known about the long
# term?", "is there evidence…?"): that the articles say what is not known yet answers it, however
# much their sentences only talk about the topic. The `=` words ask, they are no focus ("do
# *doctors* actually know"); "how do I know if…" asks something else.
KNOWING = ["do|does|did =!i know", "do|does|did =!i =_ know", "what do|does =_ know",
    "what do|does =_ =_ know", "how much do|does =_ know", "how much is|are known",
    "what's|whats known", "what is|are known", "is|are it|this|that|anything|much|enough|more known",
    "is|are it|this|that|anything yet|even|really|fully|actually|already known",
    "is|are there any|enough|much|good|solid|real =research|evidence|studies|data|proof",
    "is|are there =research|evidence|studies|data|proof",
    "has|have ... been =proven|studied|tested|established|researched",
    "is|are it|this|that =proven|established|understood", "do|does =!i =_ understand"]

# What is not known yet, said of a topic ("the long-term effects remain uncertain", "the exact
# mechanism is still being studied", "further research is needed"): the evidence a question about
# what is known asks for.
NOT_KNOWN = ["remain|remains|remained uncertain|unclear|unknown|unanswered|unproven",
    "is|are|was|were uncertain|unclear|unknown|unproven",
    "not|never fully|yet|well|completely|entirely understood|known|clear|established|proven",
    "not understood|known|established|proven", "research|studies is|are needed|necessary|required",
    "research|studies will be needed|necessary|required", "yet to be determined|established|proven",
    "is|are still being studied|evaluated|investigated|researched|explored",
    "ongoing research|studies|trials", "limited evidence|data|research", "questions remain",
    "early stages"]

# A question whether the subject does what its context told of something else ("my last pill killed
# my libido. does this one do *that too*?", "… will it do *the same thing*?").
LIKEWISE = ["do|does|did|will|would|could|can ... that|this|it|same too", "the same thing|things",
    "do|does|did|will|would|could|can ... that|this|it|same as well", "that|this|it also"]

# Words that turn a question around ("doesn't work", "not a good candidate", "stop working").
NEGATIVE = ["not|no|never|without|worse|fail*",
    "doesn't|don't|didn't|isn't|aren't|won't|can't|hasn't|haven't", "stop|stops|stopped working",
    "no longer"]
# fmt: on
