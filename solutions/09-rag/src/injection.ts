/**
 * DoD-1 — what may enter the index. A handbook page is data written for people; a unit of it that
 * talks to an AI (to change what it says or does) is an attack, whatever language or format it
 * hides in. The cost of a miss: the model repeats the attacker's words. The cost of a false flag:
 * a real policy paragraph ("Tell the customer…", "The assistant store manager…") silently
 * disappears from every answer.
 */

// The operating point: flag a unit when it is written to a machine reader, not to people. Four
// families of cue, each in the languages our suppliers and stores write in: an AI named as the
// addressee; an order to drop the instructions it was given; talk about its own set-up or what
// it should answer; chat-template markup. Instructions to people ("Tell the customer…", "Ignore
// care cards printed before 2023") carry none of them, so they stay.
const AI = String.raw`(?:ai|a\.i\.|ki|ia|llms?|gpt|chatgpt|copilot|chat ?bots?|bots?|(?:large )?language models?|models?|modell|mod[eè]le?o?|text generators?|virtual assistants?|assist[ae]nte? (?:de |di |d'|of )?(?:ia|ai|ki)|assistants?(?! (?:store )?managers?)|assistent[ei]?|asistentes?|answering engines?|automated (?:readers?|systems?|tools?)|ai (?:tools?|systems?|agents?|models?)|software)`;
const ARTICLE = "(?:the |any |all |every |die |der |l'|le |la |el |il |o |het |de )?";
// "Dear …", "Note to …", "Hinweis an …": an address whatever follows it. A bare "to" or "for" is
// an address only when the AI ends the phrase ("for automated readers only", "to the assistant
// answering…"), so "write to the bot team" stays.
const ADDRESS = String.raw`(?:dear|hey|hi|hello|attention|achtung|attenzione|atenci[oó]n|beste|cher|caro|querido|liebe[rs]?|for the benefit of|(?:a |quick )?(?:note|word|message|instructions?|hinweis|nota|bericht)(?: \w+)? (?:to|for|an|pour|per|para|aan|voor))`;
const CUES: readonly RegExp[] = [
  // Addressed to an AI: "Dear assistant,", "Note to the AI", "Hinweis an die KI", "Model, read this".
  new RegExp(
    String.raw`\b${ADDRESS},?\s+${ARTICLE}${AI}\b|\b(?:to|for|an|pour|per|para|aan|voor)\s+${ARTICLE}${AI}(?:\s*[:,.!|]|\s+(?:only|reading|processing|summari[sz]ing|answering|indexing|generating|writing)\b)|(?:^|[.!?|[(:]\s*)${AI}\s*[:,!]|\bif you(?:'re| are) (?:an? |any )?${AI}\b|\b${AI},? (?:reading|processing|summari[sz]ing|answering|indexing|override|instructions?|policy|config)\b|\bsystem that (?:answers|writes|generates)\b|\b${AI}'s (?:\w+ )?(?:rules|instructions|setup|configuration|prompt|task)\b|\b(?:override|instructions?|rules?) for (?:automated|generated|ai|bot) (?:replies|answers|responses|output)\b`,
    'iu',
  ),
  // Told to drop its instructions: ignore / disregard / forget … instructions, rules, setup.
  /\b(?:ignore|disregard|forget|override|bypass|stop following|ignoriere|vergiss|ignorez|oubliez|ignora|olvida|esque[cç]a|negeer|vergeet)\b[^\n]{0,50}\b(?:instructions?|prompts?|rules|guidance|guidelines|configuration|setup|policy text|anweisungen|regeln|consignes|règles|istruzioni|regole|instrucciones|reglas|instru[cç][oõ]es|regras|instructies|regels|(?:rows|text|table|list) above|everything you (?:have been|were) told)\b/iu,
  // …or told that what it was given no longer holds: "previous guidance is void", "supersedes your
  // configuration", "everything above this line is outdated".
  /\b(?:previous|prior|earlier|current|original) (?:instructions|guidance|rules|prompts?|configuration|setup|answers)\b|\b(?:supersedes?|overrides?|replaces?) (?:your|all|any|the) (?:\w+ )?(?:instructions|rules|configuration|setup|guidance|prompts?|handbook)\b|\b(?:above|this line|this page|earlier)\b[^\n]{0,40}\b(?:outdated|out of date|withdrawn|expired|void|no longer appl(?:y|ies))\b|\b(?:outdated|out of date|void|withdrawn)\b[^\n]{0,30}\b(?:above|this line|this page)\b/iu,
  // Talks about its own set-up or output: "your real task", "what you were configured to say",
  // "your responses should state", "the correct output is", "you are now HR-bot".
  /\byour (?:real|new|actual|true|only) (?:task|job|objective|instructions|rules|role|purpose)\b|\b(?:your|their|its) (?:instructions|configuration|setup|system prompt)\b|\b(?:your|the) (?:answers?|responses?|repl(?:y|ies)|output)\b[^\n]{0,30}\b(?:should|must|will|need to|has to|is to)\s+(?:say|state|read|quote|mention|include|be)\b|\byou (?:were|have been|'ve been) (?:told|given|configured|set up|instructed|programmed)\b|\bset up with\b|\bsystem (?:prompt|message)\b|\bthe (?:correct|right|only|real) (?:output|response|reply|answer)\b|\b(?:generating|writing) an? (?:answer|reply|response)\b|\byou are now (?:an? |the )?[\w-]*(?:bot|assistant|agent|ai|gpt|model)\b|\beres un asistente\b/iu,
  // Chat-template and role markup, and config written for a model: <system>, <|im_start|>, [INST],
  // "role": "system", SYSTEM:, system_prompt, [llm].
  /<\/?\s*[\w-]*(?:system|assistant|instructions?|prompt)[\w-]*\s*>|<\|[\w-]+\|>|\[\/?INST\]|\[\s*system\b|^\s*(?:```\w*\s*)?(?:#+\s*)?system\s*:?\s*$|^\s*(?:```\w*\s*)?system\s*:|"role"\s*:\s*"system"|\b(?:system|assistant|llm|ai|model)[._-](?:prompt|policy|instructions?|respond|reply|config)\b|\binstructions?[._-](?:for[._-])?(?:ai|llm|model|assistant)\b|^\s*\[(?:llm|ai|assistant|model|system)\]|\bmodel config\b|<!--[^\n]*\b(?:prompt|ai|agent|assistant|model|llm)\b/imu,
];

/** Whether `unit` (a paragraph, list item, table row or code block of a document) addresses an AI. */
export function isInstruction(unit: string): boolean {
  return CUES.some((cue) => cue.test(unit));
}
