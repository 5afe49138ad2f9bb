// The contacts a specification needs before it is issued (numbers from Ofcom's range kept for drama).
export const SPEC_CONTACTS = {
  councilContactName: "Involvement team",
  councilContactPhone: "01632 960 001",
  complaintsPhone: "01632 960 002",
  healthwatchPhone: "01632 960 003",
  independentBodyName: "Healthwatch Northshire",
  independentBodyPhone: "01632 960 004",
};
