// What a recommendation says, as a message key and its figures rather than English text: the model
// stays pure and speaks no language; planning/ renders it in the reader's (i18n/<locale>.json,
// under "reason"). A figure may itself be a message, or a list of them, for the parts of a sentence.

export interface Message {
  key: string;
  params?: Record<string, MessageParam>;
  /** Said where the catalogues have no such key: a municipality's own traffic class by its configured name. */
  fallback?: string;
}

/** A moment, worded by the reader's calendar: the busy hour as a weekday and time of day. */
export interface Moment {
  time: number;
  show: 'weekday-hour' | 'month-year';
}

export type MessageParam = string | number | Message | Message[] | Moment;

/** A message, for brevity where the models build many. */
export const msg = (key: string, params?: Record<string, MessageParam>, fallback?: string): Message => ({ key, ...(params ? { params } : {}), ...(fallback !== undefined ? { fallback } : {}) });

/** The weekday and hour of `time`, in the reader's language and the municipality's time zone. */
export const weekdayHour = (time: number): Moment => ({ time, show: 'weekday-hour' });

/** A month of a year, "June 2027" in the reader's language. */
export const monthYear = (year: number, month: number): Moment => ({ time: Date.UTC(year, month - 1, 15), show: 'month-year' });

/** An empty part of a sentence: renders as nothing. */
export const NOTHING: Message = { key: 'reason.nothing' };
