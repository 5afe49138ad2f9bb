// GOV.UK Design System components, by kind: forms (errors, buttons, the form shell), inputs, choices,
// content and navigation. Pages import from here.
export * from "./components/choices.js";
export * from "./components/content.js";
export * from "./components/forms.js";
export * from "./components/inputs.js";
export * from "./components/navigation.js";
