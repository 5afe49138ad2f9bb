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
