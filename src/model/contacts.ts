// The contacts a specification must carry before it is issued, and the rule for a UK phone number.
// People reading the summary or the public page need someone to call who is not the provider.
import { TEXT_LIMITS } from "./limits.js";

export interface SpecificationContacts {
  /** The council's involvement contact: a person or team, and a phone or text number. */
  councilContactName?: string | null;
  councilContactPhone?: string | null;
  /** The council's number for complaints about the service. */
  complaintsPhone?: string | null;
  /** The local Healthwatch's number. */
  healthwatchPhone?: string | null;
  /** The independent body that runs FBK-02's independent feedback route. */
  independentBodyName?: string | null;
  independentBodyPhone?: string | null;
}

export const CONTACT_FIELDS = [
  "councilContactName",
  "councilContactPhone",
  "complaintsPhone",
  "healthwatchPhone",
  "independentBodyName",
  "independentBodyPhone",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CONTACT_LABELS: Record<ContactField, string> = {
  councilContactName: "Council involvement contact",
  councilContactPhone: "Council involvement contact's phone or text number",
  complaintsPhone: "Council complaints number",
  healthwatchPhone: "Local Healthwatch number",
  independentBodyName: "Independent feedback route: organisation",
  independentBodyPhone: "Independent feedback route: phone number",
};

const PHONE_FIELDS: ReadonlySet<ContactField> = new Set([
  "councilContactPhone",
  "complaintsPhone",
  "healthwatchPhone",
  "independentBodyPhone",
]);
export const isPhoneField = (f: ContactField) => PHONE_FIELDS.has(f);

/** The clause whose independent route needs a named body. */
export const INDEPENDENT_ROUTE_CLAUSE = "FBK-02";

/**
 * A UK phone number as people write it: spaces, hyphens, dots and brackets allowed; +44 or 0 first; then
 * a UK number of 10 or 11 digits (landline 01/02/03, mobile 07, freephone and others 08). `text` allows
 * a 5-digit text short code (6xxxx or 8xxxx) too. Answers the number tidied, or null when it is not one.
 */
export function ukPhone(raw: string, opts: { text?: boolean } = {}): string | null {
  const s = raw.trim();
  if (!/^\+?[0-9 ()\-.]+$/.test(s)) return null;
  let digits = s.replace(/[^0-9]/g, "");
  if (opts.text && /^[68][0-9]{4}$/.test(digits)) return digits;
  if (s.startsWith("+")) {
    if (!digits.startsWith("44")) return null;
    digits = `0${digits.slice(2).replace(/^0/, "")}`;
  } else if (digits.startsWith("44") && digits.length >= 12) {
    digits = `0${digits.slice(2)}`;
  }
  if (!/^0[1235789][0-9]{8,9}$/.test(digits)) return null;
  if (/^0[7]/.test(digits) && digits.length !== 11) return null;
  if (/^0[358]/.test(digits) && digits.length !== 11 && !/^0800/.test(digits)) return null;
  return s.replace(/\s+/g, " ");
}

export const PHONE_MESSAGE = "must be a UK phone number, like 01632 960 001 or 07700 900 123";
const PHONE_OR_TEXT_MESSAGE =
  "must be a UK phone number, like 01632 960 001, or a 5-digit text number, like 60123";

/** The message for one contact value, or null when it is acceptable (empty is acceptable while drafting). */
export function contactProblem(field: ContactField, value: string | null | undefined): string | null {
  if (value == null || value.trim() === "") return null;
  if (!isPhoneField(field)) {
    const { max } = TEXT_LIMITS.contactName;
    return value.length > max ? `must be ${max} characters or fewer` : null;
  }
  const text = field === "councilContactPhone";
  return ukPhone(value, { text }) ? null : text ? PHONE_OR_TEXT_MESSAGE : PHONE_MESSAGE;
}

/** The fields still missing at issue; the independent body only when FBK-02 is chosen. */
function missingContacts(c: SpecificationContacts, clauseKeys: string[]): ContactField[] {
  const needed = CONTACT_FIELDS.filter(
    (f) =>
      clauseKeys.includes(INDEPENDENT_ROUTE_CLAUSE) ||
      (f !== "independentBodyName" && f !== "independentBodyPhone"),
  );
  return needed.filter((f) => !c[f] || !String(c[f]).trim());
}

/**
 * FBK-02's parameter values as printed: the independent body is the one named in the contacts, so the
 * clause and the contact box agree; before one is named, a draft says so rather than printing a default.
 */
export function withIndependentBody(
  key: string,
  values: Record<string, unknown>,
  contacts: SpecificationContacts,
  parameters: ReadonlyArray<{ name: string; default?: unknown }>,
): Record<string, unknown> {
  if (key !== INDEPENDENT_ROUTE_CLAUSE) return values;
  const defaultValue = parameters.find((p) => p.name === "independent_body")?.default;
  const named = contacts.independentBodyName?.trim();
  if (named) return { ...values, independent_body: named };
  if (values.independent_body === undefined || values.independent_body === defaultValue)
    return { ...values, independent_body: "an independent organisation (not yet named)" };
  return values;
}

export const CONTACT_BOX_HEADING = "Who you can call";

/** The provider's involvement contact, needed to publish a service's public page. */
export interface ProviderContact {
  name?: string | null;
  phone?: string | null;
}

/**
 * The contact box at the top of the summary and the public page, one sentence a line, in plain words.
 * Lines whose contact is not given yet are left out (a draft may lack some; an issued version has all).
 */
export function contactBoxLines(c: SpecificationContacts | undefined, provider?: ProviderContact): string[] {
  const lines: string[] = [];
  if (provider?.name && provider.phone)
    lines.push(`To get involved at the service, contact ${provider.name} on ${provider.phone}.`);
  if (c?.councilContactName && c.councilContactPhone)
    lines.push(
      `To get involved with the council, contact ${c.councilContactName} on ${c.councilContactPhone}. You can call or text.`,
    );
  if (c?.complaintsPhone)
    lines.push(`To make a complaint about the service, call the council on ${c.complaintsPhone}.`);
  if (c?.independentBodyName && c.independentBodyPhone)
    lines.push(
      `To speak to someone who does not work for the service, call ${c.independentBodyName} on ${c.independentBodyPhone}. They will not tell the service who you are.`,
    );
  if (c?.healthwatchPhone)
    lines.push(
      `To tell someone what you think of health and care services, call your local Healthwatch on ${c.healthwatchPhone}.`,
    );
  return lines;
}

/** Each missing contact as a field error, the way issuing reports it. */
export function missingContactErrors(
  c: SpecificationContacts,
  clauseKeys: string[],
): Array<{ path: string; message: string }> {
  return missingContacts(c, clauseKeys).map((f) => ({
    path: `contacts/${f}`,
    message: `enter the ${CONTACT_LABELS[f].toLowerCase()}`,
  }));
}
