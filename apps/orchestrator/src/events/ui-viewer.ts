/** Who reads the status page's events, and what they may do. */
export interface UiViewer {
  /** Whose tasks it may see: undefined for every task. */
  owner: string | undefined;
  /** It may use the actions. */
  canAct: boolean;
}
