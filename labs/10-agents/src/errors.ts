/**
 * Bad input from a caller (an unknown role, a malformed saved run, an approval for the wrong
 * call). The message is one line that names what is wrong; nothing already done is lost.
 */
export class AgentInputError extends Error {
  override readonly name = 'AgentInputError';
}
