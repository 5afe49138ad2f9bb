// Tells GOV.UK Frontend's CSS that JavaScript runs (served as a file: the CSP allows no inline scripts).
document.body.className += ` js-enabled${"noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : ""}`;
