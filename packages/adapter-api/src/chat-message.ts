/** One turn of a chat conversation, as clients send it in `messages`. */
export interface ChatMessage {
  /** Who wrote the turn. */
  role: 'system' | 'user' | 'assistant';
  /** The turn's text. */
  content: string;
}
