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
} as const;
