/** What the model needs from the data; the loader checks the file against it. */
export interface ExpectedData {
  /** Shape of one sample without the batch axis, e.g. `[28, 28, 1]`; a dimension ≤ 0 matches any size. */
  inputShape: number[];
  /** The model's valid input box (`model.inputRange`). */
  inputRange: [number, number];
  /** Number of classes; labels must be integers in `[0, numClasses)`. */
  numClasses: number;
}
