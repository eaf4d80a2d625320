/**
 * Hand-written signatures of well-known injection phrasings, in the languages of the data
 * (English, German) and a few others attackers switch to. Given code: identical in the starter.
 *
 * Each rule needs a verb of overriding AND an object that names the model's instructions, so
 * ordinary vocabulary does not trigger: "Ignore the noise in the data" has the verb but no
 * instructions; "What is the system prompt of a Linux shell?" names a prompt but not *yours*.
 * Precision matters more than recall here — the classifier covers the paraphrases.
 *
 * The rules follow the attack families described in the literature rather than rows of the data:
 * context ignoring, goal hijacking and prompt leaking (Perez & Ribeiro, "Ignore Previous Prompt",
 * 2022), the "new task" pivot after a compliment, and role overrides (Liu et al., "Prompt Injection
 * attack against LLM-integrated Applications", 2023), escape characters and chat-template markers
 * (Liu et al., "Formalizing and Benchmarking Prompt Injection Attacks and Defenses", 2024),
 * "Do Anything Now" personas (Shen et al., 2024), and, for an assistant that answers from
 * retrieved documents, the order to answer without them.
 */
import { normalizeText } from './features.ts';

/** One matched signature. */
export interface HeuristicMatch {
  /** Rule id, e.g. `override-instructions`. */
  rule: string;
  /** The matched text, for the incident log. */
  excerpt: string;
}

interface Rule {
  id: string;
  pattern: RegExp;
}

// Gaps are bounded (`{0,40}`) and never cross a sentence end, so distant words don't pair up.
const GAP = '[^.!?\\n]{0,40}?';
const OVERRIDE_VERB = '(?:ignore|ignoring|disregard|disregarding|forget|drop|abandon|override|bypass|skip)';
const EARLIER = '(?:previous|prior|preceding|above|earlier|former|original|initial|all|any|your|the)';
const INSTRUCTIONS =
  '(?:instructions?|prompts?|rules|directions|orders|commands|guidelines|context|documents|articles|assignments|tasks)';

const RULES: Rule[] = [
  {
    id: 'override-instructions',
    pattern: new RegExp(`\\b${OVERRIDE_VERB}\\b${GAP}\\b${EARLIER}\\b${GAP}\\b${INSTRUCTIONS}\\b`, 'u'),
  },
  {
    id: 'forget-everything',
    pattern:
      /\bforget (?:about )?(?:everything|all)\b[^.!?\n]{0,20}?\b(?:before|above|previous|prior|said|discussed|you know|you were told)\b/u,
  },
  {
    id: 'reveal-prompt',
    pattern:
      /\b(?:show|print|reveal|repeat|output|display|tell me|give me|what are|what were)\b[^.!?\n]{0,25}?\byour\b[^.!?\n]{0,20}?\b(?:prompts?|prompt texts?|instructions|system message|initial message)\b/u,
  },
  { id: 'role-override', pattern: /\b(?:you are now|from now on,? you are|dan mode|developer mode enabled)\b/u },
  {
    id: 'override-instructions-de',
    pattern:
      /\b(?:ignoriere|ignorieren sie|vergiss|vergessen sie|missachte)\b[^.!?\n]{0,40}?\b(?:anweisungen|instruktionen|befehle|aufgaben|aufträge|angaben|informationen|alles)\b/u,
  },
  {
    id: 'deviate-instructions-de',
    pattern: /\babweichend (?:zu|von) (?:den )?(?:vorherigen|bisherigen) (?:instruktionen|anweisungen)\b/u,
  },
  {
    // "Ignore the above and say …": the earlier text itself is the object, no noun for it.
    id: 'ignore-above',
    pattern:
      /\b(?:ignore|disregard|forget)\b (?:all |the |everything )?(?:above|before that|said before)(?=$|[\s.,!?:;-]+(?:and|print|say|write|output|tell|$))/u,
  },
  {
    id: 'ignore-above-de',
    pattern: /\b(?:obigen|vorherigen|bisherigen)\b[^.!?\n]{0,30}\b(?:ignorieren|vergessen)\b/u,
  },
  {
    // Goal hijacking: praise for the task just done, then a pivot to a new one.
    id: 'praise-then-pivot',
    pattern:
      /\b(?:well done|very good|great job|excellent|fantastic|congratulations|sehr gut|gut gemacht|ausgezeichnet)\b[^\n]{0,60}?\b(?:now|but now|nun|jetzt)\b[^\n]{0,40}?\b(?:task|tasks|aufgabe|aufgaben|write|schreib\w*|verfasse)\b/u,
  },
  {
    // A new task addressed to the model itself, not a user's next request.
    id: 'new-task-for-model',
    pattern:
      /\b(?:your new task|new tasks? follows?|further tasks (?:are )?follow\w*|neue aufgaben? folg\w*|deine neue aufgabe|weitere aufgaben)\b/u,
  },
  {
    id: 'override-instructions-other',
    pattern:
      /\b(?:olvida|olvide|oubliez|oublie|zaboravi)\b[^.!?\n]{0,30}?\b(?:todo|todas|toutes|tout|sve)\b|\b(?:ignora|dimentica|esqueça|negeer|vergeet)\b[^.!?\n]{0,30}?\b(?:istruzioni|instruções|instructies)\b|забуд\S* вс\S* инструкц/u,
  },
  {
    // Context ignoring without an "ignore": the earlier instructions declared void, or left behind.
    id: 'dismiss-instructions',
    pattern:
      /\b(?:despite|regardless of|no matter|notwithstanding|egal) (?:what|whatever|was) (?:you(?:'ve| have)? been|you were|you are|you're|man dir|dir) (?:told|instructed|programmed|gesagt|befohlen)\b|\b(?:previous|prior|preceding|above|earlier|bisherigen|vorherigen|obigen)\b[^.!?\n]{0,30}?\b(?:instructions|information|rules|tasks|context|anweisungen|informationen|aufgaben|regeln)\b[^.!?\n]{0,30}?\b(?:(?:are|is) (?:irrelevant|void|invalid|obsolete|cancell?ed|no longer (?:valid|relevant|apply))|no longer apply|(?:sind|ist) (?:irrelevant|ungültig|hinfällig|nicht (?:mehr )?(?:gültig|relevant)))\b|\b(?:leave|put|set|lassen sie|lass)\b[^.!?\n]{0,20}?\b(?:previous|prior|earlier|vorherigen|bisherigen)\b[^.!?\n]{0,20}?\b(?:information|instructions|tasks|informationen|anweisungen|aufgaben)\b[^.!?\n]{0,12}?\b(?:behind|aside|hinter sich|beiseite)\b/u,
  },
  {
    // The instructions themselves redefined: "your instructions are now …", "change your rules".
    id: 'redefine-instructions',
    pattern:
      /\byour (?:new )?(?:instructions|rules|guidelines) (?:are|is) now\b|\b(?:change|replace|overwrite|rewrite) your (?:instructions|rules|guidelines|programming|system prompt)\b|\bdeine (?:neuen )?(?:anweisungen|regeln) (?:sind|lauten) (?:jetzt|nun|ab sofort)\b|\bändere deine (?:anweisungen|regeln)\b/u,
  },
  {
    // Prompt leaking by position: what stands at the start of the prompt is the system prompt.
    id: 'prompt-leak',
    pattern:
      /\b(?:beginning|start|top|first (?:lines?|words|sentences?)) of (?:this|the|your) (?:prompt|system prompt|instructions|conversation)\b|\banfang (?:dieses|des|deines) prompts?\b/u,
  },
  {
    // For a model that answers from retrieved documents: answer without them, from anything else.
    id: 'ignore-documents',
    pattern:
      /\b(?:do not|don'?t|not|never|without)\b[^.!?\n]{0,25}?\b(?:by|from|according to|based on|using|use|look(?:ing)? (?:at|in|into)|consult\w*|rely\w* on)\s+(?:the\s+|any\s+)?(?:provided\s+|given\s+)?(?:documents?|articles?|context)\b/u,
  },
  {
    // "Do Anything Now" and its kin: the model recast as one without rules, or as an evil AI.
    id: 'jailbreak-persona',
    pattern:
      /\b(?:do anything now|jailbr(?:oken|eak mode)|(?:no|without|free of|not bound by) (?:any )?(?:ethical|moral|content) (?:guidelines|restrictions|filters|limitations|polic(?:y|ies)))\b|\b(?:you are|you're|pretend (?:to be|you are)|act as|imagine you are|du bist|sei)\b (?:now )?(?:an? |eine? )?(?:evil|malicious|unrestricted|unfiltered|uncensored|böse|bösartige|ungefilterte)\s+(?:ai|assistant|chatbot|bot|model|ki)\b/u,
  },
  {
    // Chat-template markers a user has no reason to type: they fake a new system or assistant turn.
    id: 'chat-template-markers',
    pattern: /<\|[a-z_]{2,20}\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:system|instructions?)>/u,
  },
];

/** Letters typed one by one with spaces between ("S a y t h a t …"), a classic filter evasion. */
const SPACED_LETTERS = /(?:^|\s)(?:\p{L} ){7,}\p{L}(?:\s|$)/u;
/** Escape characters: a run of typed "\n" (not line breaks) to push the model into a fresh context. */
const ESCAPED_NEWLINES = /(?:\\ ?n\s*){5,}/u;

/** Every signature that matches `text`. Empty means "no known phrasing", not "safe". */
export function matchHeuristics(text: string): HeuristicMatch[] {
  const normalized = normalizeText(text);
  const matches: HeuristicMatch[] = [];
  for (const rule of RULES) {
    const found = rule.pattern.exec(normalized);
    if (found) matches.push({ rule: rule.id, excerpt: found[0] });
  }
  const spaced = SPACED_LETTERS.exec(text);
  if (spaced) matches.push({ rule: 'spaced-letters', excerpt: spaced[0].trim() });
  const escaped = ESCAPED_NEWLINES.exec(text);
  if (escaped) matches.push({ rule: 'escape-characters', excerpt: escaped[0].trim() });
  return matches;
}
