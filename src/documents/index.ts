// The Word documents WithUs produces. Each is a pure function of its input: no database, no environment, no
// clock, and nothing Node-only, so they run in Node and in Cloudflare Workers and give the same bytes for the
// same input.

export { renderChanges } from "./changes.js";

export { renderComplianceReport } from "./compliance-report.js";
export { inProcessRenderer } from "./renderer.js";
export { renderSpecification } from "./specification.js";
export { renderSummary, SUMMARY_TITLE, summaryText } from "./summary.js";
export { diffWords } from "./word-diff.js";
