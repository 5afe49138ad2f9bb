// Every limit on the length of free text, in one place: the services judge text by these, and the API
// describes them from here.
export const TEXT_LIMITS = {
  waiveReason: { min: 3, max: 2000 },
  reviewComment: { min: 3, max: 5000 },
  redactionReason: { min: 3, max: 2000 },
  userName: { min: 1, max: 200 },
  organisationName: { min: 2, max: 200 },
  involvementContact: { min: 0, max: 1000 },
  validationComment: { min: 0, max: 2000 },
  youSaid: { min: 3, max: 1000 },
  revisionNote: { min: 0, max: 500 },
  specificationTitle: { min: 3, max: 200 },
  /** The council's own reference for a specification (letters, numbers, spaces, - / and . only). */
  specificationReference: { min: 1, max: 60 },
  serviceName: { min: 2, max: 200 },
  /** A specification's one-line details: area, commissioning lead, provider. */
  specificationDetail: { min: 0, max: 200 },
  /** Each of a specification's four general sections. */
  specificationSection: { min: 0, max: 20000 },
  /** A contact's name: the council's contact, the independent body, the public page's contact. */
  contactName: { min: 0, max: 200 },
  phoneNumber: { min: 0, max: 40 },
  coProductionGroup: { min: 0, max: 200 },
  coProductionCredit: { min: 0, max: 120 },
  contractReference: { min: 1, max: 100 },
  /** The public page's address (its slug). */
  publicPageAddress: { min: 3, max: 60 },
  assessmentReason: { min: 0, max: 2000 },
  /** An organisation's postal address, as a contract performance notice names it. */
  postalAddress: { min: 0, max: 500 },
  /** An organisation's identifier (Companies House, charity or PPON number), as its notices name it. */
  organisationIdentifier: { min: 0, max: 100 },
  /** A maturity review: the forum it was completed with, the forum's disagreement, each rating's evidence. */
  maturityCompletedWith: { min: 1, max: 200 },
  maturityDisagreement: { min: 0, max: 5000 },
  maturityEvidence: { min: 1, max: 2000 },
  /** The reviewer's reason for changing a maturity rating. */
  maturityReason: { min: 0, max: 2000 },
  /** A contract's procurement: its title and identifier as its notices name them. */
  procurementTitle: { min: 0, max: 300 },
  procurementIdentifier: { min: 0, max: 100 },
  /** Why a contract's performance cannot be assessed by KPIs. */
  kpiExemptionReason: { min: 0, max: 2000 },
  clauseTitle: { min: 3, max: 200 },
  /** The name someone gives an API token of theirs. */
  tokenName: { min: 1, max: 100 },
} as const;

/** The bounds of the numbers people type into forms; the services judge by these, the API describes them. */
export const NUMBER_LIMITS = {
  /** Days a provider has after a period ends to hand in evidence. */
  gracePeriodDays: { min: 0, max: 180 },
  caseload: { min: 1, max: 1_000_000 },
  sites: { min: 1, max: 1000 },
  /** Days a user group has to validate evidence. */
  validationDays: { min: 3, max: 90 },
  reportingYearStart: { min: 1, max: 12 },
  involvementParticipants: { min: 0, max: 10_000 },
  involvementReviewYear: { min: 2000, max: 2100 },
  /** People from one group who helped write a specification (COM-02's record). */
  coProductionPeople: { min: 1, max: 500 },
} as const;

/**
 * The other limits on what people send, beside the text limits and read from here in the same way: an
 * email address as typed (RFC 5321's longest), a password as typed (what is hashed or compared; the policy
 * in lib/passwords.ts asks 12 to 256 characters of a new one) and a sign-in code (six digits from an
 * authenticator app, or a recovery code, spaces allowed).
 */
export const INPUT_LIMITS = {
  emailLength: 320,
  passwordLength: 1024,
  codeLength: 32,
  /** A contact email address shown to others: a public page's, an organisation's on its notices. */
  contactEmailLength: 254,
  /** Single sign-on as set up by an organisation's administrator. */
  oidcIssuerLength: 500,
  oidcClientIdLength: 500,
  oidcClientSecretLength: 2000,
} as const;
