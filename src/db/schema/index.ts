export * from "./audit.js";
export * from "./clauses.js";
export * from "./contracts.js";
export * from "./identity.js";
export * from "./involvement.js";
export * from "./notifications.js";
export * from "./sign-in.js";
export * from "./specifications.js";
