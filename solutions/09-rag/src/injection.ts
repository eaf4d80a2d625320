/**
 * DoD-1 — what may enter the index. A handbook page is data written for people; a unit of it that
 * talks to an AI (to change what it says or does) is an attack, whatever language or format it
 * hides in. The cost of a miss: the model repeats the attacker's words. The cost of a false flag:
 * a real policy paragraph ("Tell the customer…", "The assistant store manager…") silently
 * disappears from every answer.
 */

// The operating point: flag a unit only when it names an AI as its addressee, tells a model to
// drop its instructions, or carries chat-template markup. Each cue is listed in the languages our
// suppliers and stores write in, because an attack is as easy to write in Italian as in English.
const AI = String.raw`(?:ai|a\.i\.|ki|ia|llms?|gpt|chatgpt|copilot|chat ?bots?|bots?|language models?|(?:ai |the |any )models?|virtual assistants?|assistants?(?! (?:store )?managers?)|assistent[ei]?|asistentes?|answering engines?|automated readers?)`;
const CUES: readonly RegExp[] = [
  // Addressed to an AI: "Dear assistant,", "Note to the AI", "Hinweis an die KI", "For automated readers".
  new RegExp(
    String.raw`\b(?:dear|hey|hi|hello|attention,?|to|for|an|pour|per|para|aan)\s+(?:the |any |all |die |der |l'|la |el |il )?${AI}\b`,
    'iu',
  ),
  new RegExp(
    String.raw`(?:^|[.!?|[(]\s*)${AI}\s*[:,]|\bif you are an? ${AI}|\b${AI}\s+(?:reading|processing|summari[sz]ing|answering|override|instructions?|policy)\b`,
    'iu',
  ),
  // Told to drop its instructions: ignore / disregard / forget … instructions, rules, setup.
  /\b(?:ignore|disregard|forget|override|bypass|ignoriere|vergiss|ignorez|oubliez|ignora|olvida|esque[cç]a|negeer|vergeet)\b[^\n]{0,50}\b(?:instructions?|prompts?|rules|guidance|guidelines|configuration|setup|anweisungen|regeln|consignes|règles|istruzioni|regole|instrucciones|reglas|instru[cç][oõ]es|regras|instructies|regels|rows above|text above)\b/iu,
  // Talks about the model's own set-up or role.
  /\byour (?:real|new|actual|true) (?:task|job|objective|instructions|rules|role)\b|\b(?:your|their) (?:instructions|configuration|setup)\b|\bsystem (?:prompt|message)\b|\bset up with\b/iu,
  // Chat-template and role markup: <system>, <|im_start|>, [INST], "role": "system", SYSTEM:.
  /<\/?\s*(?:system|assistant|user)\b[^>]*>|<\|im_(?:start|end)\|>|\[\/?INST\]|\[\s*system\b|^\s*(?:```\w*\s*)?system\s*:|"role"\s*:\s*"system"|\bassistant_policy\b|\bmodel config\b/imu,
];

/** Whether `unit` (a paragraph, list item, table row or code block of a document) addresses an AI. */
export function isInstruction(unit: string): boolean {
  return CUES.some((cue) => cue.test(unit));
}
