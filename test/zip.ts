// Reading the parts of a .docx (a zip) in tests.
export { strFromU8, unzipSync } from "fflate";
