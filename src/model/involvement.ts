// Involvement vocabulary the pages, the API and the database share.

/** What a group's representative says about shared evidence. */
export const VALIDATION_VIEWS = ["agree", "partly", "disagree"] as const;
export type ValidationView = (typeof VALIDATION_VIEWS)[number];
