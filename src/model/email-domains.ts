// Email domains: which ones an organisation can never claim as its own (shared by many employers, or
// personal mailboxes anyone can open), and the one shape a domain has.

/**
 * Domains that belong to no single organisation: NHS and public-sector mail shared by many employers, and
 * personal mail that anyone can sign up for. A domain claim, or single sign-on, naming one is refused.
 */
export const SHARED_EMAIL_DOMAINS: readonly string[] = [
  // Shared by many NHS and public-sector employers, and the names public bodies' own domains sit under
  "nhs.net",
  "nhs.uk",
  "nhs.scot",
  "wales.nhs.uk",
  "hscni.net",
  "gov.uk",
  "gcsx.gov.uk",
  "gsi.gov.uk",
  "pnn.police.uk",
  "police.uk",
  "mod.gov.uk",
  "ac.uk",
  "sch.uk",
  "org.uk",
  "co.uk",
  // Personal mail
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "outlook.co.uk",
  "hotmail.com",
  "hotmail.co.uk",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "ymail.com",
  "rocketmail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "aol.co.uk",
  "btinternet.com",
  "btopenworld.com",
  "talktalk.net",
  "sky.com",
  "virginmedia.com",
  "ntlworld.com",
  "blueyonder.co.uk",
  "tiscali.co.uk",
  "plus.net",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "gmx.com",
  "gmx.co.uk",
  "mail.com",
  "zoho.com",
  "fastmail.com",
  "tutanota.com",
  "yandex.com",
  "hey.com",
];

const SHARED = new Set(SHARED_EMAIL_DOMAINS);

/** A domain's shape: labels of letters, digits and hyphens, ending in a top-level name of letters. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A domain as typed ("@Council.gov.uk ") in the form it is stored and compared in. */
export const normaliseDomain = (domain: string) => domain.trim().toLowerCase().replace(/^@/, "");

/** The domain of an email address, lower case. */
export const domainOf = (email: string) => email.trim().toLowerCase().split("@").at(-1) ?? "";

/**
 * Whether no organisation may claim the domain. Exact names only: a council's own domain sits under gov.uk
 * and a trust's under nhs.uk, and those are theirs to claim; gov.uk itself is not.
 */
export const isSharedDomain = (domain: string): boolean => SHARED.has(normaliseDomain(domain));

/** Where a domain claim stands: asked for, then approved or refused by the service operator. */
export const DOMAIN_CLAIM_STATUSES = ["requested", "approved", "refused"] as const;
export type DomainClaimStatus = (typeof DOMAIN_CLAIM_STATUSES)[number];

export const DOMAIN_CLAIM_STATUS_WORDS: Record<DomainClaimStatus, string> = {
  requested: "Waiting for the service operator",
  approved: "Approved",
  refused: "Refused",
};
