// Notification vocabulary the pages, the API and the database share.

/** How a user wants their email: each one as it happens, one a day, or none. */
export const EMAIL_PREFERENCES = ["immediately", "daily_digest", "off"] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];
