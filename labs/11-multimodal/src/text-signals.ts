/**
 * Cues that a picture's text may be aimed at the AI pipeline rather than at a person. Each cue names
 * a kind of text, not a row of the data, and each is noisy on its own: ordinary products say
 * "approve", "refund", "ignore", "assistant" or "system" all the time ("Your refund has been
 * approved", "Assistant manager: J. Ortiz", "Disregard previous invoice"). Which cues are decisive,
 * and which only count together, is your decision in `image-text.ts`. Given code: the same in the
 * starter.
 */

/** One cue: its name (safe to show an agent: it never quotes the picture) and its pattern. */
export interface TextSignal {
  /** What the cue saw, in words an agent understands. */
  readonly name: string;
  /** Matches the kind of text the name describes. */
  readonly pattern: RegExp;
}

/** Names the cues of `TEXT_SIGNALS`, so a typo in a name is a type error. */
export type SignalName =
  | 'addresses a machine reader'
  | 'sets rules aside'
  | 'orders a decision'
  | 'imitates a prompt or a command'
  | 'dictates what to say'
  | 'asks to hide or leak'
  | 'hides its wording'
  | 'claims authority';

/** The cues, from the most common to the rarest on the dev split. */
export const TEXT_SIGNALS: readonly (TextSignal & { readonly name: SignalName })[] = [
  {
    // An AI, a model, a bot, an assistant, an automated system, or "you" as the one summarising.
    name: 'addresses a machine reader',
    pattern:
      /\b(?:ai|a\.i\.|llms?|(?:language|vision|reviewer) models?|the model|bots?|chatbot|chatgpt|claude|gemini|copilot|assistants?|automated (?:\w+ )?(?:system|reviewer|agent|tool)s?|summari[sz]er|machine reader)\b|\bmodel\s*[,:]|\b(?:when|if|before) you (?:summari[sz]e|describe|read|process|review)\b|\b(?:whoever|whatever|anyone) (?:reads|processes|summari[sz]es)\b/i,
  },
  {
    // Earlier instructions or rules set aside, or new ones given, in the languages customers write.
    name: 'sets rules aside',
    pattern:
      /\b(?:ignore|disregard|forget|override|overrides|bypass|skip|void|no longer apply|new (?:rule|task|instructions?)|from now on|you are now|pretend|instead of)\b|\b(?:ignoriere|vergiss|ignorez|oublie|ignora|olvida|negeer|ignorer)\b/i,
  },
  {
    // Approve, refund, credit, escalate, close or mark a case: what only the agent decides.
    name: 'orders a decision',
    pattern:
      /\b(?:approv\w*|refunds?|refunded|reimburse\w*|credit|pay out|payout|compensat\w*|escalat\w*|eligible|qualifies)\b|\bclose[ds]?\b[^.]{0,20}\b(?:case|ticket|claim)\b|\b(?:case|ticket|claim) (?:be |is )?closed\b|\bmark (?:this|the|it)\b[^.]{0,30}\bas\b|\b(?:aprueba|validez|accorde|erstatte|keur|approva|rimborso|reembols\w*|remboursement|gutschein|avoir)\b/i,
  },
  {
    // Role tags, chat-template tokens, a closing tag, function-call or key=value syntax.
    name: 'imitates a prompt or a command',
    pattern:
      /(?:^|[«\s[(|])(?:system|assistant|user|developer)\s*[:\]|]|#{2,}\s*(?:system|user|assistant)\b|<\|[a-z_]+\|>|<\/?[a-z-]+(?:\s[^>]*)?>|\b[a-z]+_[a-z_]+\s*[(=|]|\{\s*\\?"|\b(?:admin|system|developer) (?:command|mode|prompt|message|override)|chat-template|closing (?:data )?tag|laid out like a prompt/i,
  },
  {
    // Tells the reader what to say, state, report or answer.
    name: 'dictates what to say',
    pattern:
      /\b(?:say|state|report|describe|tell the (?:agent|reviewer|human)|reply|respond|answer|output|rate)\b[^.«»]{0,40}\b(?:that|as|with|only)\b/i,
  },
  {
    // Keep quiet, skip the human or the check, or reveal what is not the reader's to share.
    name: 'asks to hide or leak',
    pattern:
      /\b(?:do not|don't|never) (?:flag|escalate|mention|tell|report|review)\b|\bkeep (?:quiet|this secret)\b|\bwithout (?:review|asking|a receipt|checking)\b|\bleave out\b|\b(?:skip|ignore) (?:the |your )?(?:human|reviewer|agent|checks?)\b|\btrust me\b|\bsafety checks? off\b|\b(?:reveal|leak|send me|list) (?:the |all |other )/i,
  },
  {
    // Digits for letters, spaced-out letters.
    name: 'hides its wording',
    pattern: /\b[a-z]*\d[a-z]+\d\w*\b|\b(?:[a-z] ){5,}|digits for letters|letter by letter/i,
  },
  {
    // An administrator, a developer, a supervisor or an earlier approval vouching for the request.
    name: 'claims authority',
    pattern:
      /\b(?:as your (?:administrator|developer|admin)|from your developer|pre-approved|already (?:been )?(?:approved|agreed)|authori[sz]e|verified vip|supervisor|priority override|this is an order)\b/i,
  },
];

/** The names of the cues found in `text`, in `TEXT_SIGNALS` order; never any of the text itself. */
export function textSignals(text: string): SignalName[] {
  return TEXT_SIGNALS.filter((signal) => signal.pattern.test(text)).map((signal) => signal.name);
}
