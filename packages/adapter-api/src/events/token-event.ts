/** One piece of generated text. */
export interface TokenEvent {
  type: 'token';
  /** 0-based index of this event among the stream's token events; strictly increasing by one. */
  i: number;
  /** The text of this piece: possibly empty, possibly several engine tokens, always whole UTF-8 characters. */
  t: string;
}
